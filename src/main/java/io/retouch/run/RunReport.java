package io.retouch.run;

import io.retouch.money.Usd;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything `status` tells about a run, computed from the task table (the source of truth). */
public record RunReport(
        long run,
        String job,
        String status,
        Instant createdAt,
        Instant finishedAt,
        long total,
        Map<String, Long> tasks,
        long unfinished,
        long rejectedCount,
        List<Rejection> rejected,
        Map<String, Long> failuresByCause,
        long outputs,
        long paidSubmissions,
        long vendorCalls,
        Latency latencyMillis,
        Double dispatchSeconds,
        Map<String, Map<String, Long>> byVendor,
        Map<String, Long> heldByCause,
        List<Mismatch> mismatches,
        Map<String, List<FailureExample>> failureExamples,
        Long parentRun,
        List<Long> reruns,
        Reused reused,
        Money money) {

    /**
     * What the run spent at its prices (accepted submissions), what is still reserved (submissions
     * under way or in doubt, which may have been paid), its {@code budget:} (null: none), how many
     * accepted submissions were at vendors with no price, and the tasks held unsent by the budget or
     * an account's daily limits, with the reason of the latest (which says the way on).
     */
    public record Money(java.math.BigDecimal spentUsd, java.math.BigDecimal reservedUsd, java.math.BigDecimal budgetUsd,
                        long unpricedSubmissions, long heldTasks, String heldReason) {

        /** e.g. "$1.20 of a $2.00 budget ($0.30 reserved by submissions under way or in doubt)", as status and the HTML report say it. */
        public String describe() {
            return Usd.usd(spentUsd) + (budgetUsd == null ? " (no budget)" : " of a " + Usd.usd(budgetUsd) + " budget")
                    + (reservedUsd.signum() > 0 ? " (" + Usd.usd(reservedUsd) + " reserved by submissions under way or in doubt)" : "")
                    + (unpricedSubmissions > 0 ? "; and " + unpricedSubmissions + " paid submissions at vendors with no price" : "");
        }
    }

    /**
     * Tasks not sent because an earlier run of the job made the same edit (skip-unchanged), and what
     * sending them would have cost at published prices; {@code unpriced} of them are at vendors with none.
     */
    public record Reused(long tasks, java.math.BigDecimal savedUsd, long unpriced) {

        /** As status and the HTML report say it. */
        public String describe() {
            return tasks + " tasks unchanged since an earlier run of the job, not sent (saved $"
                    + savedUsd.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                    + (unpriced > 0 ? ", and " + unpriced + " at vendors with no published price" : "") + ")";
        }
    }

    /** One of the first few failed tasks of a cause: where it came from and the vendor's own words. */
    public record FailureExample(long task, long line, String itemKey, String vendorCode, String message) {}

    public record Rejection(long line, String itemKey, String reason) {}

    /** A task whose stored outputs are not what it ordered (cause OUTPUT_MISMATCH): what was ordered, what came. */
    public record Mismatch(long task, long line, String itemKey, String message) {}

    public record Latency(Long p50, Long p95, Long max) {}

    /** Tasks of one vendor in one state. */
    public long count(String vendor, String state) {
        return byVendor.getOrDefault(vendor, Map.of()).getOrDefault(state, 0L);
    }

    public long count(String state) {
        return tasks.getOrDefault(state, 0L);
    }
}
