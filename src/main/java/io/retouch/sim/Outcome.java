package io.retouch.sim;

/** How an accepted request ends, fixed at submit time so it survives restarts. */
public enum Outcome {
    SUCCEEDED,
    /** The vendor's safety system blocks the content (fal: COMPLETED, then the result answers 422). */
    CONTENT_BLOCKED,
    /** The task fails on the vendor's side (each vendor's own failed status and error code). */
    TASK_FAILED,
    /** The result lists the outputs, but their file URLs no longer serve them. */
    OUTPUT_EXPIRED
}
