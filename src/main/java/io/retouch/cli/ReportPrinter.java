package io.retouch.cli;

import io.retouch.run.RunReport;
import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable form of a run report. */
final class ReportPrinter {

    private ReportPrinter() {
    }

    static void print(RunReport r, PrintWriter out) {
        out.printf("Run %d  %s  %s  created %s%s%n", r.run(), r.job(), r.status(), r.createdAt(),
                r.finishedAt() == null ? "" : ", finished " + r.finishedAt());
        if (r.parentRun() != null) out.printf("  reruns tasks of run %d%n", r.parentRun());
        if (!r.reruns().isEmpty())
            out.printf("  rerun in: %s%n", r.reruns().stream().map(id -> "run " + id).collect(Collectors.joining(", ")));
        String states = r.tasks().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        out.printf("  tasks: %d (%s)%n", r.total(), states.isEmpty() ? "none" : states);
        if (r.byVendor().size() > 1) {
            r.byVendor().forEach((vendor, counts) -> out.printf("    %-13s %s%n", vendor, counts.entrySet().stream()
                    .filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))));
        }
        if (!r.heldByCause().isEmpty()) {
            out.println("  waiting for you (in doubt: `retouch settle " + r.run() + "`, see `retouch settle --help`; "
                    + "out of credit or key refused: fix the account, then `retouch restart " + r.run() + "`; "
                    + "BUDGET or DAILY_LIMIT: see 'held unsent'):");
            for (Map.Entry<String, Long> e : r.heldByCause().entrySet()) out.printf("    %-34s %d%n", e.getKey(), e.getValue());
        }
        if (r.money().heldTasks() > 0)
            out.printf("  held unsent: %d tasks: %s%n", r.money().heldTasks(), r.money().heldReason());
        if (r.reused().tasks() > 0) out.printf("  reused: %s%n", r.reused().describe());
        out.printf("  spent: %s%n", r.money().describe());
        out.printf("  outputs stored: %d; paid submissions: %d; vendor calls: %d%n", r.outputs(), r.paidSubmissions(), r.vendorCalls());
        if (r.latencyMillis().p50() != null)
            out.printf("  latency submit→stored: p50 %d ms, p95 %d ms, max %d ms; dispatch took %.1f s%n",
                    r.latencyMillis().p50(), r.latencyMillis().p95(), r.latencyMillis().max(), r.dispatchSeconds());
        if (!r.failuresByCause().isEmpty()) {
            out.println("  failures by cause:");
            for (Map.Entry<String, Long> e : r.failuresByCause().entrySet()) {
                out.printf("    %-22s %d%n", e.getKey(), e.getValue());
                if (e.getKey().equals("OUTPUT_MISMATCH")) continue; // each one is listed below, with what came
                for (RunReport.FailureExample x : r.failureExamples().getOrDefault(e.getKey(), java.util.List.of()))
                    out.printf("      line %d (%s), task %d: %s%n", x.line(), x.itemKey(), x.task(), x.message());
            }
            out.printf("  every task and its cause: `retouch tasks %d --state FAILED`; try them again: `retouch rerun %d`%n",
                    r.run(), r.run());
        }
        if (!r.mismatches().isEmpty()) {
            out.println("  outputs not as ordered (stored, task FAILED with OUTPUT_MISMATCH):");
            for (RunReport.Mismatch m : r.mismatches())
                out.printf("    line %d (%s), task %d: %s%n", m.line(), m.itemKey(), m.task(), m.message());
        }
        if (r.rejectedCount() > 0) {
            out.printf("  rejected manifest rows: %d%n", r.rejectedCount());
            for (RunReport.Rejection rej : r.rejected())
                out.printf("    line %d%s: %s%n", rej.line(), rej.itemKey() == null ? "" : " (" + rej.itemKey() + ")", rej.reason());
        }
        out.flush();
    }
}
