package io.retouch.task;

/**
 * A validated manifest row, ready to become PENDING tasks: one, or {@code parts} when its vendor
 * makes fewer outputs per call than the row asks for (each part then asks for one output, and
 * part {@code p} stores output index {@code p}).
 */
public record NewTask(long runId, String itemKey, long lineNo, String vendor, TaskRequest request, int parts) {

    public NewTask {
        if (parts < 1) throw new IllegalArgumentException("a row makes at least one task, not " + parts);
    }

    public NewTask(long runId, String itemKey, long lineNo, String vendor, TaskRequest request) {
        this(runId, itemKey, lineNo, vendor, request, 1);
    }
}
