package io.retouch.task;

/** Someone else moved the task first (optimistic lock lost); the caller must re-read it. */
public class StaleTaskException extends RuntimeException {
    public StaleTaskException(long taskId, int version) {
        super("task " + taskId + " changed since version " + version);
    }
}
