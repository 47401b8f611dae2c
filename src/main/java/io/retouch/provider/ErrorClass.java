package io.retouch.provider;

/** One error vocabulary for every vendor. */
public enum ErrorClass {
    /** Transient (5xx, transport): try again later; nothing was charged. */
    RETRYABLE,
    /** 429 or equivalent: slow down, honour the vendor's retry hint. */
    RATE_LIMITED,
    /** Account out of credit: stop submitting to this vendor. */
    OUT_OF_CREDIT,
    /** Credentials missing or refused. */
    UNAUTHORIZED,
    /** The vendor refused the request's contents (validation). */
    INVALID_REQUEST,
    /** The vendor's safety system blocked the content. */
    CONTENT_BLOCKED,
    /** The vendor accepted the task but it failed on their side. */
    VENDOR_TASK_FAILED,
    /** The output URL no longer serves the result. */
    OUTPUT_EXPIRED;

    /** Whether trying the same call again cannot help. */
    public boolean terminal() {
        return this != RETRYABLE && this != RATE_LIMITED;
    }
}
