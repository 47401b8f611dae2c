package io.retouch.flow;

import io.retouch.audit.AuditLog;
import io.retouch.metrics.VendorMeters;
import io.retouch.task.AttemptStore;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.task.Transition;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorError;
import java.time.Instant;

/**
 * The one place that pays: records the attempt, calls the vendor once, records what came of it.
 * Never retries inline: a refused task goes to RETRY_WAIT and comes back through the dispatcher.
 */
final class Submitter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Submitter.class);

    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final Recovery recovery;
    private final AuditLog audit;
    private final InputUrls inputs;
    private final VendorMeters meters;

    Submitter(TaskStore tasks, AttemptStore attempts, Recovery recovery, AuditLog audit, InputUrls inputs, VendorMeters meters) {
        this.tasks = tasks;
        this.attempts = attempts;
        this.recovery = recovery;
        this.audit = audit;
        this.inputs = inputs;
        this.meters = meters;
    }

    /** Returns the task after the call: SUBMITTED when the vendor took it, otherwise where it was left. */
    Task submit(RunContext run, Task task) throws InterruptedException {
        VendorLane lane = run.lane(task);
        lane.awaitTurn();
        // After the wait, not before: an inline image is read from the store only when the call is about to go.
        EditRequest request;
        try {
            request = inputs.resolve(run, task);
        } catch (RuntimeException e) {
            return tasks.move(task, Transition.to(TaskState.FAILED).withError("INPUT_UNAVAILABLE", e.getMessage()));
        }
        // asked to stop while waiting for the turn: nothing is sent; a call that began is left to finish
        if (run.stop().requested()) return task;
        AttemptStore.Begun begun = attempts.begin(task, run.charge(task));
        if (begun.held() != null) return held(lane, begun);
        SubmitOutcome outcome = lane.calling().submit(request, begun.attemptId().toString());
        // the outcome (above all the vendor's id) is committed first: a failing audit insert must not leave a paid task in doubt
        Task after = switch (outcome) {
            case SubmitOutcome.Accepted a -> attempts.accepted(begun, a.vendorRequestId());
            case SubmitOutcome.Refused r -> refused(run, begun, r.error());
            case SubmitOutcome.Unknown u -> recovery.answerLost(begun, u.reason());
        };
        audit.vendorCall(run.runId(), task.id(), begun.attemptId(), lane.adapter().name(), outcome.call());
        if (outcome instanceof SubmitOutcome.Accepted)
            meters.paid(lane.adapter().name(), task.request().resolution(), task.request().numImages());
        return after;
    }

    /** Past the budget or a daily limit: nothing is sent to this vendor any more; what it holds is still followed. */
    private static Task held(VendorLane lane, AttemptStore.Begun begun) {
        if (lane.stopped() == null)
            log.warn("Stopped submitting to {}: {}. Tasks already there are still followed.", lane.name(), begun.held());
        lane.stop(begun.held());
        return begun.task();
    }

    private Task refused(RunContext run, AttemptStore.Begun begun, VendorError error) {
        Task task = begun.task();
        VendorLane lane = run.lane(task);
        String cls = error.errorClass().name();
        if (error.errorClass() == ErrorClass.OUT_OF_CREDIT || error.errorClass() == ErrorClass.UNAUTHORIZED) {
            if (lane.stopped() == null)
                log.warn("Stopped submitting to {} ({}): {}. Tasks already there are still followed; the rest wait"
                        + " for `retouch restart` once the account is fixed.", lane.name(), cls, error);
            lane.stop(cls + ": " + error.message());
            // not the task's fault: it waits, unsent, until the account is fixed and the run restarted
            return attempts.refused(begun, cls, error.vendorCode(), error.toString(), Instant.now());
        }
        lane.heed(error);
        Instant retryAt = Recovery.afterRefusal(task, error, lane.limits().maxAttempts());
        String why = retryAt != null || error.errorClass().terminal() ? error.toString()
                : "gave up after " + task.attempts() + " attempts; last: " + error;
        return attempts.refused(begun, cls, error.vendorCode(), why, retryAt);
    }
}
