package io.retouch.task;

/** A move the transition table forbids: a bug in the caller, never a user error. */
public class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(long taskId, TaskState from, TaskState to) {
        super("task " + taskId + ": " + from + " -> " + to + " is not an allowed transition");
    }
}
