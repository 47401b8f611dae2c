package io.retouch.flow;

import io.retouch.task.AttemptStore;
import io.retouch.task.Task;
import io.retouch.provider.Lookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles an in-doubt task by asking the vendor for it by our reference (the attempt id), where the
 * vendor keeps one: found, it is followed; surely absent, it may be submitted again (it was never
 * paid); otherwise it stays in doubt and the spec's policy decides. The lookup is a vendor call like
 * any other: it waits its turn on the lane.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final AttemptStore attempts;

    Reconciler(AttemptStore attempts) {
        this.attempts = attempts;
    }

    /** The task after asking: SUBMITTED (found), RETRY_WAIT (absent), or unchanged. */
    Task settle(RunContext run, Task task) throws InterruptedException {
        var attempt = attempts.inDoubtAttempt(task.id());
        if (attempt.isEmpty()) return task;
        VendorLane lane = run.lane(task);
        lane.awaitTurn();
        return switch (lane.adapter().findByReference(attempt.get().toString())) {
            case Lookup.Found found -> {
                log.info("Task {} ({}) was not in doubt after all: {} has it as {}", task.id(), task.itemKey(),
                        task.vendor(), found.vendorRequestId());
                yield attempts.found(task, attempt.get(), found.vendorRequestId());
            }
            case Lookup.Absent absent -> {
                log.info("Task {} ({}) never reached {}: it may be submitted again", task.id(), task.itemKey(),
                        task.vendor());
                yield attempts.absent(task, attempt.get());
            }
            case Lookup.Unknown unknown -> {
                log.debug("Task {} stays in doubt: {}", task.id(), unknown.reason());
                yield task;
            }
        };
    }
}
