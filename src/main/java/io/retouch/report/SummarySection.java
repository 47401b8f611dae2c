package io.retouch.report;

import io.retouch.run.RunReport;
import io.retouch.run.TaskListing.TaskRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The top of index.html: what `retouch status` says, every failed task by cause, and the rejected manifest rows. */
final class SummarySection {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private SummarySection() {
    }

    /** {@code where} gives the link to a task on the contact sheet. */
    static String of(RunReport r, List<TaskRow> tasks, Function<TaskRow, String> where) {
        return summary(r) + failures(r, tasks, where) + rejected(r);
    }

    private static String summary(RunReport r) {
        StringBuilder s = new StringBuilder("<h2>Summary</h2>\n<table class=\"facts\">\n");
        row(s, "Job", Html.text(r.job()));
        row(s, "Status", "<span class=\"state " + Html.text(r.status()) + "\">" + Html.text(r.status()) + "</span>");
        row(s, "Created", time(r.createdAt()));
        row(s, "Finished", r.finishedAt() == null ? "not yet" : time(r.finishedAt()));
        if (r.parentRun() != null) row(s, "Reruns tasks of", "run " + r.parentRun());
        if (!r.reruns().isEmpty())
            row(s, "Rerun in", r.reruns().stream().map(id -> "run " + id).collect(Collectors.joining(", ")));
        row(s, "Tasks", r.total() + (r.total() == 0 ? "" : " (" + states(r.tasks()) + ")"));
        if (r.byVendor().size() > 1)
            r.byVendor().forEach((vendor, counts) -> row(s, "&nbsp;&nbsp;" + Html.text(vendor), states(counts)));
        r.heldByCause().forEach((held, n) -> row(s, "Waiting for you: " + Html.text(held), String.valueOf(n)));
        if (r.reused().tasks() > 0) row(s, "Reused", Html.text(r.reused().describe()));
        row(s, "Spent", Html.text(r.money().describe()));
        if (r.money().heldTasks() > 0)
            row(s, "Held unsent", Html.text(r.money().heldTasks() + " tasks: " + r.money().heldReason()));
        row(s, "Outputs stored", String.valueOf(r.outputs()));
        row(s, "Paid submissions", String.valueOf(r.paidSubmissions()));
        row(s, "Vendor calls", String.valueOf(r.vendorCalls()));
        RunReport.Latency l = r.latencyMillis();
        row(s, "Latency, submit to stored", l.p50() == null ? "no task succeeded"
                : "p50 " + l.p50() + " ms, p95 " + l.p95() + " ms, max " + l.max() + " ms");
        row(s, "Dispatch took", r.dispatchSeconds() == null ? "nothing was submitted"
                : String.format("%.1f s (first paid submission to last task finished)", r.dispatchSeconds()));
        row(s, "Rejected manifest rows", String.valueOf(r.rejectedCount()));
        return s.append("</table>\n").toString();
    }

    /** Every failed task, not only the first few `status` shows: the report is where one reads them all. */
    private static String failures(RunReport r, List<TaskRow> tasks, Function<TaskRow, String> where) {
        if (r.failuresByCause().isEmpty()) return "<h2>Failures</h2>\n<p>No task failed.</p>\n";
        Map<String, List<TaskRow>> byCause = new LinkedHashMap<>();
        r.failuresByCause().keySet().forEach(cause -> byCause.put(cause, new java.util.ArrayList<>()));
        for (TaskRow t : tasks)
            if (t.state().equals("FAILED")) byCause.computeIfAbsent(String.valueOf(t.cause()), c -> new java.util.ArrayList<>()).add(t);
        StringBuilder s = new StringBuilder("<h2>Failures</h2>\n");
        byCause.forEach((cause, failed) -> {
            s.append("<h3>").append(Html.text(cause)).append(" &mdash; ").append(failed.size())
                    .append(failed.size() == 1 ? " task" : " tasks").append("</h3>\n<table>\n")
                    .append("<tr><th>Item</th><th class=\"num\">Line</th><th class=\"num\">Task</th><th>Vendor</th>")
                    .append("<th>Vendor code</th><th>Message</th></tr>\n");
            for (TaskRow t : failed)
                s.append("<tr><td><a href=\"").append(Html.text(where.apply(t))).append("\">").append(Html.text(t.itemKey()))
                        .append("</a></td><td class=\"num\">").append(t.line()).append("</td><td class=\"num\">").append(t.task())
                        .append("</td><td>").append(Html.text(t.vendor())).append("</td><td>").append(Html.text(t.vendorCode()))
                        .append("</td><td>").append(Html.text(t.reason())).append("</td></tr>\n");
            s.append("</table>\n");
        });
        return s.toString();
    }

    private static String rejected(RunReport r) {
        if (r.rejectedCount() == 0) return "<h2>Rejected manifest rows</h2>\n<p>None.</p>\n";
        StringBuilder s = new StringBuilder("<h2>Rejected manifest rows</h2>\n");
        if (r.rejected().size() < r.rejectedCount())
            s.append("<p>The first ").append(r.rejected().size()).append(" of ").append(r.rejectedCount()).append(".</p>\n");
        s.append("<table>\n<tr><th class=\"num\">Line</th><th>Item</th><th>Reason</th></tr>\n");
        for (RunReport.Rejection rej : r.rejected())
            s.append("<tr><td class=\"num\">").append(rej.line()).append("</td><td>").append(Html.text(rej.itemKey()))
                    .append("</td><td>").append(Html.text(rej.reason())).append("</td></tr>\n");
        return s.append("</table>\n").toString();
    }

    private static String states(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> "<span class=\"state " + Html.text(e.getKey()) + "\">" + Html.text(e.getKey()) + "</span> " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void row(StringBuilder s, String name, String valueHtml) {
        s.append("<tr><th>").append(name).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static String time(Instant t) {
        return TIME.format(t);
    }
}
