package io.retouch.task;

import java.time.Instant;

/** A move to {@code to}, with the columns that change along with it (null = left as is). */
public record Transition(
        TaskState to,
        String vendorRequestId,
        Instant nextAttemptAt,
        String errorClass,
        String errorMessage) {

    public static Transition to(TaskState state) {
        return new Transition(state, null, null, null, null);
    }

    public Transition withVendorRequestId(String id) {
        return new Transition(to, id, nextAttemptAt, errorClass, errorMessage);
    }

    public Transition retryAt(Instant when) {
        return new Transition(to, vendorRequestId, when, errorClass, errorMessage);
    }

    public Transition withError(String errorClass, String message) {
        return new Transition(to, vendorRequestId, nextAttemptAt, errorClass, message);
    }
}
