package io.retouch.flow;

import io.retouch.audit.AuditLog;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.VendorCall;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.task.Transition;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a submitted task until the vendor has finished it, and never past the spec's task
 * timeout: a task the vendor sits on is cancelled and failed, not waited on forever. Where the
 * vendor pushes status (fal's status stream) one exchange waits for the end; elsewhere the task is
 * polled when it is likely done, as the run's own finished tasks of that vendor show
 * ({@link LearnedLatency}), else at the vendor's pace.
 */
final class Follower {

    private final TaskStore tasks;
    private final AuditLog audit;

    Follower(TaskStore tasks, AuditLog audit) {
        this.tasks = tasks;
        this.audit = audit;
    }

    /**
     * Returns the task in COLLECTING when the vendor finished it, or in a final state. The deadline
     * is checked after a look, not before: timing out never skips a task the vendor has finished.
     */
    Task follow(RunContext run, Task task) throws InterruptedException {
        VendorLane lane = run.lane(task);
        Instant since = task.submittedAt() == null ? Instant.now() : task.submittedAt();
        Instant deadline = since.plus(lane.limits().taskTimeout());
        PollPacing pacing = pacing(lane);
        boolean push = lane.pushes();
        // when the task was last seen unfinished, from its submission: it finished between then and the next look
        Duration seenRunning = Duration.ZERO;
        for (boolean last = false; ; ) {
            if (last) return timedOut(run, task);
            Duration left = Duration.between(Instant.now(), deadline);
            PollOutcome outcome;
            boolean pushed = push && left.compareTo(pacing.min()) > 0;
            if (pushed) {
                // the stream is held until the task ends or the deadline nears: one call however long it runs
                lane.awaitTurn();
                outcome = run.stop().await(lane.calling().watch(task.vendorRequestId(), left));
                // anything but the end (a stream closed early, refused, or broken) hands the task to the status
                // poll, which alone gives verdicts: a stream is only a faster way to hear of the end
                push = false;
            } else {
                Duration wait = lane.latency().nextPoll(Duration.between(since, Instant.now()), pacing);
                // the last look is a poll at the deadline, never skipped: a task that finished in the meantime
                // (or while the process was down, past its deadline) is paid and must be collected
                if (wait.compareTo(left) >= 0) {
                    wait = positive(left);
                    last = true;
                }
                run.stop().sleep(wait);
                lane.awaitTurn();
                outcome = lane.calling().poll(task.vendorRequestId());
            }
            audit(run, task, outcome.call());
            Duration seen = Duration.between(since, Instant.now());
            switch (outcome) {
                case PollOutcome.Queued q -> seenRunning = seen;
                case PollOutcome.Running r -> {
                    seenRunning = seen;
                    if (task.state() == TaskState.SUBMITTED) task = tasks.move(task, Transition.to(TaskState.RUNNING));
                }
                case PollOutcome.Finished f -> {
                    // a push tells the moment; a poll only that it came since the last look: the middle is learned,
                    // not the poll's own time, or polls fitted to what was learned would never come sooner
                    lane.latency().finished(pushed ? seen : seenRunning.plus(seen).dividedBy(2));
                    return tasks.move(task, Transition.to(TaskState.COLLECTING));
                }
                case PollOutcome.Failed f -> {
                    if (pushed) break; // e.g. a 404 of the stream: the poll that follows says whether the task is gone
                    return tasks.move(task, Transition.to(TaskState.FAILED)
                            .withError(f.error().errorClass().name(), f.error().vendorCode(), f.error().toString()));
                }
                case PollOutcome.Unavailable u -> lane.heed(u.error());
            }
        }
    }

    private Task timedOut(RunContext run, Task task) throws InterruptedException {
        VendorLane lane = run.lane(task);
        audit(run, task, lane.cancel(task.vendorRequestId()));
        return tasks.move(task, Transition.to(TaskState.FAILED).withError("TIMED_OUT",
                "the vendor did not finish within " + lane.limits().taskTimeout() + "; cancel requested"));
    }

    private static PollPacing pacing(VendorLane lane) {
        PollPacing vendor = lane.adapter().pacing();
        Duration min = lane.limits().pollMin();
        return min == null ? vendor : new PollPacing(min, vendor.max(), vendor.fraction());
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void audit(RunContext run, Task task, VendorCall call) {
        audit.vendorCall(run.runId(), task.id(), null, task.vendor(), call);
    }
}
