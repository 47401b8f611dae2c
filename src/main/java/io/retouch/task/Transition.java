package io.retouch.task;

import java.time.Instant;

/** A move to {@code to}, with the columns that change along with it (null = left as is). */
public record Transition(
        TaskState to,
        String vendorRequestId,
        Instant nextAttemptAt,
        String errorClass,
        String errorCode,
        String errorMessage) {

    public static Transition to(TaskState state) {
        return new Transition(state, null, null, null, null, null);
    }

    public Transition withVendorRequestId(String id) {
        return new Transition(to, id, nextAttemptAt, errorClass, errorCode, errorMessage);
    }

    public Transition retryAt(Instant when) {
        return new Transition(to, vendorRequestId, when, errorClass, errorCode, errorMessage);
    }

    /** Our cause, with no code of the vendor's (the task's code is cleared). */
    public Transition withError(String errorClass, String message) {
        return withError(errorClass, null, message);
    }

    /** Our cause, the vendor's own code of the error (may be null), and the message. */
    public Transition withError(String errorClass, String vendorCode, String message) {
        return new Transition(to, vendorRequestId, nextAttemptAt, errorClass, vendorCode, message);
    }
}
