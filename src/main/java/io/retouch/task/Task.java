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

    /**
     * Where output {@code i} of this task is stored, in a row of {@code parts} tasks. An ordered output
     * goes at {@link #firstOutputIndex()} + i. One beyond the order is kept too (it was paid for), after
     * every ordered output of the row and interleaved by part, so no two tasks of a split row ever share
     * an index: a row of 2 parts keeps part 0's extras at 2, 4, 6… and part 1's at 3, 5, 7….
     */
    public int outputIndex(int i, int parts) {
        int ordered = request.numImages();
        if (i < ordered) return firstOutputIndex() + i;
        return parts * ordered + (i - ordered) * parts + part;
    }
}
