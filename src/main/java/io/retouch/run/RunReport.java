package io.retouch.run;

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
        Double dispatchSeconds) {

    public record Rejection(long line, String itemKey, String reason) {}

    public record Latency(Long p50, Long p95, Long max) {}

    public long count(String state) {
        return tasks.getOrDefault(state, 0L);
    }
}
