package io.retouch.money;

import io.retouch.task.Task;

/** For tests that record an attempt by hand: a submission with no price and no limits. */
public final class Charges {

    private Charges() {
    }

    public static Charge free(Task task) {
        return new Charge(task.runId(), task.vendor(), task.vendor(), null, null, null, null);
    }
}
