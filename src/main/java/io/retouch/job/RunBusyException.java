package io.retouch.job;

/** The run is being driven by another live Retouch process (it holds the run's lock). */
public class RunBusyException extends RuntimeException {
    public RunBusyException(long runId) {
        super("run " + runId + " is being processed by another Retouch process");
    }
}
