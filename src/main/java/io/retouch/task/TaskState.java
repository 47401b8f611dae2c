package io.retouch.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one edit stands. The table of allowed transitions below is the only place that decides
 * which moves are legal; {@link TaskStore} refuses every other move.
 */
public enum TaskState {
    PENDING, SUBMITTING, SUBMITTED, RUNNING, COLLECTING, SUCCEEDED, RETRY_WAIT, IN_DOUBT, FAILED, CANCELLED;

    private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.of(
            // RETRY_WAIT: held unsent by the run's budget or the account's daily limits, with why
            PENDING, EnumSet.of(SUBMITTING, RETRY_WAIT, CANCELLED, FAILED),
            // SUBMITTING means: the attempt (our intent to pay) is durable, the vendor call may be under way
            SUBMITTING, EnumSet.of(SUBMITTED, RETRY_WAIT, FAILED, IN_DOUBT),
            SUBMITTED, EnumSet.of(RUNNING, COLLECTING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(COLLECTING, FAILED, CANCELLED),
            COLLECTING, EnumSet.of(SUCCEEDED, FAILED),
            RETRY_WAIT, EnumSet.of(SUBMITTING, FAILED, CANCELLED),
            // an in-doubt task is resubmitted only by the configured policy or the operator, unless the
            // vendor, asked by our reference, says it has the task (SUBMITTED) or surely has not (RETRY_WAIT)
            IN_DOUBT, EnumSet.of(SUBMITTING, SUBMITTED, RETRY_WAIT, FAILED, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(TaskState.class),
            FAILED, EnumSet.noneOf(TaskState.class),
            CANCELLED, EnumSet.noneOf(TaskState.class));

    public boolean canMoveTo(TaskState next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }

    /** States in which the vendor holds a task of ours that we must follow to the end. */
    public boolean isAtVendor() {
        return this == SUBMITTED || this == RUNNING;
    }

    public static Set<TaskState> finals() {
        return EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
    }
}
