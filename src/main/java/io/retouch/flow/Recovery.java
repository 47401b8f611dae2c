package io.retouch.flow;

import io.retouch.provider.Lookup;
import io.retouch.provider.VendorError;
import io.retouch.spec.JobSpec;
import io.retouch.task.AttemptStore;
import io.retouch.task.Claim;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why Retouch never pays twice for a submission it recorded, in one place, whether one process or a
 * fleet of workers works the run (each on its own slice, under its lock):
 * <ol>
 * <li>A submission is only made from a task its dispatcher moved to SUBMITTING itself, in the same
 *     transaction as the attempt row that records the intent (a version check: two dispatchers can
 *     never both move one task); the vendor's id is recorded the moment it answers
 *     ({@link AttemptStore}, {@link Submitter}).</li>
 * <li>A task at the vendor (SUBMITTED, RUNNING) is only ever followed: {@link #claim} hands it to a
 *     dispatcher to poll, never to submit.</li>
 * <li>A task found in SUBMITTING when a dispatch of its slice begins was caught mid-call by a crash:
 *     it becomes IN_DOUBT ({@link #afterInterruption}); so does one whose answer was lost on the
 *     wire ({@link #answerLost}).</li>
 * <li>An IN_DOUBT task whose latest attempt was answered after all (the answer came after another
 *     dispatcher put it in doubt) is followed. Otherwise it is looked up at the vendor by our reference (the attempt id), where the
 *     vendor keeps one ({@link #settle}): found, it is followed; surely absent, it was never paid and
 *     may be sent. Otherwise the spec's {@code in-doubt} policy decides: {@code hold} (the default)
 *     leaves it to the operator (`retouch settle`); {@code resubmit} sends it again, knowingly, at
 *     most {@code max-attempts} submissions in all.</li>
 * <li>A refused submission was not paid; it is tried again after a backoff, up to
 *     {@code max-attempts} ({@link #afterRefusal}).</li>
 * </ol>
 */
final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** Collecting needs no vendor slot and makes no paid call. */
    static final Claim COLLECTING = new Claim(null, EnumSet.of(TaskState.COLLECTING), Integer.MAX_VALUE);

    private final TaskStore tasks;
    private final AttemptStore attempts;

    Recovery(TaskStore tasks, AttemptStore attempts) {
        this.tasks = tasks;
        this.attempts = attempts;
    }

    /**
     * The tasks of this vendor that take one of its slots: being followed at the vendor, and — while
     * the vendor takes new work — waiting to be submitted; in-doubt ones only under a resubmit
     * policy, and only below {@code max-attempts} submissions.
     */
    static Claim claim(VendorLane lane) {
        Set<TaskState> states = EnumSet.of(TaskState.SUBMITTED, TaskState.RUNNING);
        if (lane.stopped() == null) {
            states.add(TaskState.PENDING);
            states.add(TaskState.RETRY_WAIT);
            if (lane.limits().inDoubt() == JobSpec.InDoubtPolicy.RESUBMIT) states.add(TaskState.IN_DOUBT);
        }
        return new Claim(lane.name(), states, lane.limits().maxAttempts());
    }

    /**
     * At the start of every dispatch of a slice, which only one dispatcher works at a time: a task
     * left in SUBMITTING died between recording its intent and recording the vendor's answer, so the
     * vendor may or may not hold it. Held in-doubt tasks are looked up by reference now (under a
     * resubmit policy the pipeline does that before submitting again).
     */
    void afterInterruption(RunContext run) throws InterruptedException {
        for (Task task : tasks.allIn(run.slice(), EnumSet.of(TaskState.SUBMITTING))) {
            var intent = attempts.openIntent(task.id());
            String reason = "the process stopped while submitting; the vendor may or may not have the task";
            log.warn("Task {} ({}) is in doubt: {}", task.id(), task.itemKey(), reason);
            attempts.inDoubt(task, intent.orElse(null), reason, null);
        }
        for (Task task : tasks.allIn(run.slice(), EnumSet.of(TaskState.IN_DOUBT))) {
            if (run.lane(task).limits().inDoubt() == JobSpec.InDoubtPolicy.HOLD) settle(run, task);
        }
    }

    /** The call was made and its answer lost: paid, perhaps, so never straight back in, even under a resubmit policy. */
    Task answerLost(AttemptStore.Begun begun, String reason) {
        return attempts.inDoubt(begun.task(), begun.attemptId(), reason,
                Instant.now().plus(Backoff.after(begun.task().attempts(), null)));
    }

    /** When a refused (unpaid) submission may be tried again: null when never (terminal, or the last attempt). */
    static Instant afterRefusal(Task task, VendorError error, int maxAttempts) {
        if (error.errorClass().terminal() || task.attempts() >= maxAttempts) return null;
        return Instant.now().plus(Backoff.after(task.attempts(), error.retryAfter()));
    }

    /**
     * Asks the vendor for an in-doubt task by our reference (a vendor call like any other: it waits
     * its turn on the lane). The task after asking: SUBMITTED (found), RETRY_WAIT (absent), or unchanged.
     */
    Task settle(RunContext run, Task task) throws InterruptedException {
        var accepted = attempts.latestAccepted(task.id());
        if (accepted.isPresent()) {
            // its answer came after the task was put in doubt (a partition taken up while its worker still ran)
            log.info("Task {} ({}) was not in doubt after all: {} took it as {}", task.id(), task.itemKey(), task.vendor(),
                    accepted.get().vendorRequestId());
            return attempts.found(task, accepted.get().attemptId(), accepted.get().vendorRequestId());
        }
        var attempt = attempts.inDoubtAttempt(task.id());
        if (attempt.isEmpty()) return task;
        VendorLane lane = run.lane(task);
        lane.awaitTurn();
        return switch (lane.calling().findByReference(attempt.get().toString())) {
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
