package io.retouch.task;

/** A validated manifest row, ready to become a PENDING task. */
public record NewTask(long runId, String itemKey, long lineNo, String vendor, TaskRequest request) {
}
