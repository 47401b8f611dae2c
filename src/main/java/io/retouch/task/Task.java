package io.retouch.task;

import java.time.Instant;

/** One row of the manifest turned into work; immutable snapshot of its row at {@code version}. */
public record Task(
        long id,
        long runId,
        String itemKey,
        long lineNo,
        String vendor,
        TaskRequest request,
        TaskState state,
        int version,
        int attempts,
        String vendorRequestId,
        Instant nextAttemptAt,
        Instant submittedAt) {
}
