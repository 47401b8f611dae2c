package io.retouch.job;

/** The run completed with nothing left to do, so a restart has nothing to dispatch and must not rewrite it. */
public class RunCompleteException extends RuntimeException {
    public RunCompleteException(long runId) {
        super("run " + runId + " is complete");
    }
}
