package io.retouch.task;

import java.time.Instant;

/** One row of the manifest (or one part of a split row) turned into work; immutable snapshot of its row at {@code version}. */
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
        Instant submittedAt,
        int part) {

    /** The output index of this task's first output: its part, when a row was split one output per task. */
    public int firstOutputIndex() {
        return part;
    }
}
