package io.retouch.provider;

/** One error vocabulary for every vendor. */
public enum ErrorClass {
    /** Transient (5xx, transport): try again later; nothing was charged. */
    RETRYABLE(false),
    /** 429 or equivalent: slow down, honour the vendor's retry hint. */
    RATE_LIMITED(false),
    /** Account out of credit: stop submitting to this vendor. */
    OUT_OF_CREDIT(true),
    /** Credentials missing or refused. */
    UNAUTHORIZED(true),
    /** The vendor refused the request's contents (validation). */
    INVALID_REQUEST(true),
    /** The vendor's safety system blocked the content. */
    CONTENT_BLOCKED(true),
    /** The vendor accepted the task but it failed on their side. */
    VENDOR_TASK_FAILED(true),
    /** The output URL no longer serves the result. */
    OUTPUT_EXPIRED(true);

    private final boolean terminal;

    ErrorClass(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether trying the same call again cannot help. */
    public boolean terminal() {
        return terminal;
    }
}
