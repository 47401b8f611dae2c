package io.retouch.cli;

import io.retouch.job.Settlements;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "settle", description = {
        "Decide what a task in doubt becomes (the process died while submitting it, so the vendor may or may not have it):",
        "follow the vendor task you found (--vendor-id), submit it again knowing it may be paid twice (--resubmit),",
        "or give it up (--abandon). Then `retouch restart RUN` continues the run."})
class SettleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id")
    long runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--task", paramLabel = "ID", description = "One task (see `retouch tasks RUN --state IN_DOUBT`)")
        Long task;

        @Option(names = "--all", description = "Every task of the run in doubt")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    How how;

    static class How {
        @Option(names = "--vendor-id", paramLabel = "ID", description = "The vendor's id of the task, found in its dashboard or logs")
        String vendorId;

        @Option(names = "--resubmit", description = "Submit again (may pay twice)")
        boolean resubmit;

        @Option(names = "--abandon", description = "Give up: FAILED, cause ABANDONED")
        boolean abandon;
    }

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Settlements.Decision decision = how.vendorId != null ? new Settlements.Decision.Follow(how.vendorId)
                : how.resubmit ? new Settlements.Decision.Resubmit() : new Settlements.Decision.Abandon();
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.open()) {
            List<Settlements.Settled> settled = app.getBean(Settlements.class).settle(runId, which.task, decision);
            if (settled.isEmpty()) {
                out.printf("Run %d has no task in doubt.%n", runId);
                return ExitCodes.OK;
            }
            for (Settlements.Settled s : settled)
                out.printf("task %d (line %d, %s): IN_DOUBT → %s%s%n", s.before().id(), s.before().lineNo(),
                        s.before().itemKey(), s.after().state(),
                        s.after().vendorRequestId() != null && decision instanceof Settlements.Decision.Follow
                                ? ", following vendor task " + s.after().vendorRequestId() : "");
            if (!(decision instanceof Settlements.Decision.Abandon))
                out.printf("`retouch restart %d` continues the run with %s.%n", runId, settled.size() == 1 ? "it" : "them");
            return ExitCodes.OK;
        }
    }
}
