package io.retouch.task;

/**
 * A validated manifest row, ready to become PENDING tasks: one, or {@code parts} when its vendor
 * makes fewer outputs per call than the row asks for (each part then asks for one output, and
 * part {@code p} stores output index {@code p}). {@code fingerprint}: the content hash of what the row
 * asks for, kept when the job skips unchanged rows (see io.retouch.refresh).
 */
public record NewTask(long runId, String itemKey, long lineNo, String vendor, TaskRequest request, int parts,
                      String fingerprint) {

    public NewTask {
        if (parts < 1) throw new IllegalArgumentException("a row makes at least one task, not " + parts);
    }

    public NewTask(long runId, String itemKey, long lineNo, String vendor, TaskRequest request, int parts) {
        this(runId, itemKey, lineNo, vendor, request, parts, null);
    }

    public NewTask(long runId, String itemKey, long lineNo, String vendor, TaskRequest request) {
        this(runId, itemKey, lineNo, vendor, request, 1);
    }

    /** The same row with what it asks for hashed (skip-unchanged); null when the job does not skip. */
    public NewTask withFingerprint(String hash) {
        return new NewTask(runId, itemKey, lineNo, vendor, request, parts, hash);
    }
}
