package io.retouch.cli;

import io.retouch.job.RunLauncher;
import io.retouch.run.Run;
import io.retouch.run.RunReports;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", description = {
        "Ask the process working a run (on any host that reaches the database) to stop: it submits nothing new,",
        "lets submissions on the wire record their answer, and exits with the run resumable by `retouch restart`."})
class StopCommand implements Callable<Integer> {

    /** The working process stops within its grace for submissions on the wire (20 s) plus a watch interval. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id")
    long runId;

    @Option(names = "--cancel", description = "Also cancel what was never sent, and ask the vendors to cancel what they hold")
    boolean cancel;

    @Option(names = "--no-wait", description = "Return once asked, without waiting for the process to stop")
    boolean noWait;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.open()) {
            RunStore runs = app.getBean(RunStore.class);
            Run run = runs.get(runId);
            RunLauncher launcher = app.getBean(RunLauncher.class);
            if (!launcher.isWorked(runId)) {
                out.printf("No process works run %d (it is %s): nothing to stop.%s%n", runId, run.status(),
                        run.status() == RunStatus.COMPLETED ? "" : " `retouch restart " + runId + "` continues it.");
                return ExitCodes.OK;
            }
            runs.requestStop(runId, cancel);
            out.printf("Asked the process working run %d to stop%s.%n", runId, cancel ? " and cancel what it can" : "");
            out.flush();
            if (noWait) return ExitCodes.OK;
            Instant until = Instant.now().plus(WAIT);
            while (launcher.isWorked(runId)) {
                if (Instant.now().isAfter(until)) {
                    out.printf("Run %d is still being worked after %d s; see that process's log.%n", runId, WAIT.toSeconds());
                    return ExitCodes.WORK_LEFT;
                }
                Thread.sleep(500);
            }
            out.println(RunOutcome.stoppedLine(app.getBean(RunReports.class).of(runId), cancel ? "`retouch stop --cancel`" : "`retouch stop`"));
            return ExitCodes.OK;
        }
    }
}
