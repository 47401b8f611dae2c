package io.retouch.cli;

import io.retouch.run.Run;
import io.retouch.run.RunReports;
import io.retouch.run.RunStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
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
        try (ConfigurableApplicationContext app = AppContext.open()) {
            RunReports reports = app.getBean(RunReports.class);
            List<Map<String, Object>> rows = app.getBean(RunStore.class).recent(limit).stream().map(r -> row(r, reports)).toList();
            if (json) {
                out.println(CliJson.write(rows));
            } else {
                out.printf("%-6s %-24s %-12s %-10s %-10s %s%n", "RUN", "JOB", "STATUS", "SUCCEEDED", "FAILED", "CREATED");
                for (Map<String, Object> r : rows)
                    out.printf("%-6s %-24s %-12s %-10s %-10s %s%n", r.get("run"), r.get("job"), r.get("status"),
                            r.get("succeeded") + "/" + r.get("tasks"), r.get("failed"), r.get("created_at"));
            }
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> row(Run run, RunReports reports) {
        var report = reports.of(run.id());
        return Map.of("run", run.id(), "job", run.jobName(), "status", run.status().name(),
                "tasks", report.total(), "succeeded", report.count("SUCCEEDED"), "failed", report.count("FAILED"),
                "rejected_rows", report.rejectedCount(), "created_at", run.createdAt().toString());
    }
}
