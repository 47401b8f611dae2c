package io.retouch.run;

/** Where a run stands as a whole; the tasks' own states tell the details. */
public enum RunStatus {
    INGESTING, DISPATCHING, REPORTING,
    /** Every task reached a final state. */
    COMPLETED,
    /** Work is left that needs the operator (tasks in doubt, vendor out of credit) or the process stopped. */
    STOPPED;

    public boolean isFinal() {
        return this == COMPLETED;
    }
}
