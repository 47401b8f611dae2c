package io.retouch.sim;

/** How an accepted request ends, fixed at submit time so it survives restarts. */
enum Outcome {
    SUCCEEDED,
    /** Status says COMPLETED, yet the result answers 422 — how fal reports a failed request. */
    CONTENT_POLICY_VIOLATION,
    /** The result lists the outputs, but their file URLs no longer serve them. */
    OUTPUT_EXPIRED
}
