package io.retouch.cli;

import io.retouch.run.RunStore;
import io.retouch.money.Usd;
import io.retouch.run.TaskListing;
import io.retouch.run.TaskListing.TaskRow;
import io.retouch.task.TaskState;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tasks", description = {"List every task of a run: item, line, vendor, state, why it failed "
        + "(our cause, the vendor's code and message), attempts, and the S3 URI of each output."})
class TasksCommand implements Callable<Integer> {

    static final List<String> CSV_COLUMNS = List.of("task", "item_key", "line", "part", "vendor", "state", "cause",
            "vendor_code", "message", "attempts", "spent_usd", "vendor_request_id", "prompt", "reruns_task", "reused_from_task", "outputs");

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (see `retouch runs`)")
    long runId;

    @Option(names = "--state", split = ",", paramLabel = "STATE", description = "Only tasks in these states, e.g. FAILED,IN_DOUBT")
    List<String> states = List.of();

    @Option(names = "--cause", split = ",", paramLabel = "CAUSE", description = "Only tasks with these causes, e.g. CONTENT_BLOCKED")
    List<String> causes = List.of();

    @Option(names = "--vendor", split = ",", paramLabel = "VENDOR", description = "Only tasks of these vendors")
    List<String> vendors = List.of();

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static class Format {
        @Option(names = "--json", description = "Print a JSON array, for scripts")
        boolean json;

        @Option(names = "--csv", description = "Print CSV, safe to open in a spreadsheet")
        boolean csv;
    }

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        TaskListing.Filter filter = new TaskListing.Filter(states(), upper(causes), new LinkedHashSet<>(vendors));
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.openForReading()) {
            app.getBean(RunStore.class).get(runId);
            List<TaskRow> rows = app.getBean(TaskListing.class).of(runId, filter);
            if (format.json) out.println(CliJson.write(rows));
            else if (format.csv) csv(rows, out);
            else table(rows, out);
            out.flush();
            return ExitCodes.OK;
        }
    }

    private Set<String> states() {
        Set<String> known = new LinkedHashSet<>(Arrays.stream(TaskState.values()).map(Enum::name).toList());
        Set<String> chosen = upper(states);
        for (String state : chosen)
            if (!known.contains(state))
                throw new IllegalArgumentException("--state " + state + " is not a task state; one of " + String.join(", ", known));
        return chosen;
    }

    /** Option values as written, in upper case, blanks left out (states and causes are upper-case names). */
    static Set<String> upper(List<String> values) {
        Set<String> set = new LinkedHashSet<>();
        for (String v : values) if (!v.isBlank()) set.add(v.strip().toUpperCase(Locale.ROOT));
        return set;
    }

    private static void csv(List<TaskRow> rows, PrintWriter out) {
        out.println(String.join(",", CSV_COLUMNS));
        for (TaskRow r : rows)
            out.println(CsvCells.line(Arrays.asList(r.task(), r.itemKey(), r.line(), r.part(), r.vendor(), r.state(),
                    r.cause(), r.vendorCode(), r.message(), r.attempts(),
                    r.spentUsd() == null ? null : r.spentUsd().stripTrailingZeros().toPlainString(), r.vendorRequestId(), r.prompt(), r.rerunsTask(),
                    r.reusedFromTask(), String.join(" ", r.outputs()))));
    }

    private static void table(List<TaskRow> rows, PrintWriter out) {
        if (rows.isEmpty()) {
            out.println("No tasks match.");
            return;
        }
        String format = "%-7s %-6s %-24s %-14s %-11s %-8s %-8s %s%n";
        out.printf(format, "TASK", "LINE", "ITEM", "VENDOR", "STATE", "ATTEMPTS", "SPENT", "OUTPUTS / CAUSE");
        for (TaskRow r : rows) {
            String detail = r.cause() == null
                    ? (r.reusedFromTask() == null ? "" : "reused from task " + r.reusedFromTask() + ": ") + String.join(" ", r.outputs())
                    : r.cause() + (r.vendorCode() == null ? "" : " [" + r.vendorCode() + "]") + ": " + r.reason();
            out.printf(format, r.task(), r.line(), r.itemKey(), r.vendor(), r.state(), r.attempts(),
                    r.spentUsd() == null ? "-" : Usd.usd(r.spentUsd()), detail);
        }
    }
}
