package io.retouch.cli;

import io.retouch.spec.JobSpec;
import io.retouch.job.RunCompleteException;
import io.retouch.job.RunLauncher;
import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restart", description = {
        "Continue a stopped or crashed run. Every recorded submission is polled, never submitted again.",
        "Tasks in doubt (the process died mid-submit) follow the run's in-doubt policy unless overridden."})
class RestartCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (see `retouch runs`)")
    long runId;

    @Option(names = "--in-doubt", paramLabel = "POLICY",
            description = "hold (leave them for later) or resubmit (may pay twice for those tasks)")
    String inDoubt;

    @Option(names = "--budget", paramLabel = "USD",
            description = "The run's new budget in US dollars, e.g. 40.00: tasks the old one held unsent are sent up to it")
    BigDecimal budget;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        JobSpec.InDoubtPolicy policy = inDoubt == null ? null : switch (inDoubt.toLowerCase()) {
            case "hold" -> JobSpec.InDoubtPolicy.HOLD;
            case "resubmit" -> JobSpec.InDoubtPolicy.RESUBMIT;
            default -> throw new IllegalArgumentException("--in-doubt must be hold or resubmit, got '" + inDoubt + "'");
        };
        if (budget != null && budget.signum() <= 0)
            throw new IllegalArgumentException("--budget must be above 0 (US dollars), got " + budget.toPlainString());
        return Stoppable.run(() -> work(policy));
    }

    private int work(JobSpec.InDoubtPolicy policy) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.openForWork()) {
            if (app.getBean(RunStore.class).get(runId).status() == RunStatus.COMPLETED) return complete(app, out);
            RunLauncher launcher = app.getBean(RunLauncher.class);
            out.printf("Restarting run %d%n", runId);
            out.flush();
            try {
                return RunOutcome.of(app, runId, out, () -> launcher.restart(runId, policy, budget));
            } catch (RunCompleteException e) {
                return complete(app, out); // the process that worked it completed it while this one waited to start
            }
        }
    }

    /** Restarting a completed run would only dispatch nothing and rewrite its finish time. */
    private int complete(ConfigurableApplicationContext app, PrintWriter out) {
        RunReport report = app.getBean(RunReports.class).of(runId);
        out.printf("Run %d is complete: nothing left to do (%d succeeded, %d failed of %d tasks).%s%n", runId,
                report.count("SUCCEEDED"), report.count("FAILED"), report.total(),
                report.count("FAILED") > 0 ? " `retouch rerun " + runId + "` tries the failed tasks again in a new run." : "");
        return ExitCodes.OK;
    }
}
