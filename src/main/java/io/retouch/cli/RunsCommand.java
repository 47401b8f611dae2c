package io.retouch.cli;

import io.retouch.run.RunReports;
import io.retouch.run.RunReports.RunLine;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "runs", description = "List recent runs, newest first.")
class RunsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the list as JSON, for scripts")
    boolean json;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs to list (default: ${DEFAULT-VALUE})")
    int limit;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1");
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.openForReading()) {
            List<RunLine> runs = app.getBean(RunReports.class).recent(limit);
            if (json) {
                out.println(CliJson.write(runs));
            } else if (runs.isEmpty()) {
                out.println("No runs yet. Start one with `retouch run SPEC`, e.g. `retouch run jobs/demo.yaml`.");
            } else {
                String format = "%-6s %-24s %-12s %-10s %-10s %-28s %s%n";
                out.printf(format, "RUN", "JOB", "STATUS", "SUCCEEDED", "FAILED", "CREATED", "RERUNS");
                for (RunLine r : runs)
                    out.printf(format, r.run(), r.job(), r.status(), r.succeeded() + "/" + r.tasks(), r.failed(), r.createdAt(),
                            r.parentRun() == null ? "" : "run " + r.parentRun());
            }
            return ExitCodes.OK;
        }
    }
}
