package io.retouch.flow;

import io.retouch.limits.AccountLimits;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import io.retouch.spec.JobSpec;
import io.retouch.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One vendor as a run uses it: the adapter and the limits every call passes through, which are the
 * vendor account's and shared with every run on it, in any process: in-flight slots (tasks the
 * vendor holds for us), a request-rate token bucket (every call, polls included), and a pause the
 * vendor can impose with 429 / Retry-After.
 */
public final class VendorLane {

    private final VendorAdapter adapter;
    private final JobSpec.Vendor limits;
    private final AccountLimits account;
    private volatile String stopped;
    private final StopSignal stop;
    private final LearnedLatency latency = new LearnedLatency();
    private volatile Runnable slotFreed = () -> { };

    /** {@code stop}: a stop of the run ends a wait for this lane's turn (the task is not sent). */
    public VendorLane(VendorAdapter adapter, JobSpec.Vendor limits, AccountLimits account, StopSignal stop) {
        this.adapter = adapter;
        this.limits = limits;
        this.account = account;
        this.stop = stop;
    }

    public String name() {
        return limits.name();
    }

    public VendorAdapter adapter() {
        return adapter;
    }

    public JobSpec.Vendor limits() {
        return limits;
    }

    /**
     * Takes slots for the first of the tasks, in order, while the account has some free, in one round
     * trip; never waits: the dispatcher never blocks one vendor's work on another's slots.
     */
    public List<Task> tryAcquireSlots(List<Task> tasks) {
        if (tasks.isEmpty()) return List.of();
        Set<Long> taken = new HashSet<>(account.tryLease(tasks.stream().map(Task::id).toList()));
        return tasks.stream().filter(task -> taken.contains(task.id())).toList();
    }

    /** Slots this lane could take now: its max-in-flight less the slots every lane on the account holds. */
    public int freeSlots() {
        return account.freeSlots();
    }

    public void releaseSlot(Task task) {
        account.release(task.id());
        slotFreed.run();
    }

    /** Called whenever a slot of this lane is given back: the dispatcher starts the next task at once. */
    void onSlotFreed(Runnable listener) {
        slotFreed = listener;
    }

    /** How long the vendor takes, as the run's finished tasks of it show. */
    LearnedLatency latency() {
        return latency;
    }

    /** Whether tasks are followed by the vendor's push (its status stream) rather than polled. */
    boolean pushes() {
        return limits.push() && adapter.pushesStatus();
    }

    /** Blocks until this lane may make one more call: after the account's pause, the account's next turn. */
    public void awaitTurn() throws InterruptedException {
        awaitTurn(stop::sleep);
    }

    private void awaitTurn(Wait wait) throws InterruptedException {
        for (Duration pause = account.pausedFor(); pause.isPositive(); pause = account.pausedFor()) wait.sleep(pause);
        account.awaitCall(nanos -> wait.sleep(Duration.ofNanos(nanos)));
    }

    private interface Wait {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Asks the vendor to cancel a task, best effort; a cancel that calls the vendor waits for the account's turn. */
    public VendorCall cancel(String vendorRequestId) throws InterruptedException {
        return cancel(vendorRequestId, stop::sleep);
    }

    /**
     * The same once the run is stopping ({@code retouch stop --cancel}), when a stop no longer ends the wait for
     * the turn: {@code until} does. Throws {@link InterruptedException} when the turn would come later.
     */
    public VendorCall cancelBefore(String vendorRequestId, Instant until) throws InterruptedException {
        return cancel(vendorRequestId, duration -> {
            if (Instant.now().plus(duration).isAfter(until))
                throw new InterruptedException("the account's turn comes after " + until);
            Thread.sleep(duration);
        });
    }

    private VendorCall cancel(String vendorRequestId, Wait wait) throws InterruptedException {
        if (!adapter.cancelCallsVendor(vendorRequestId)) return adapter.cancel(vendorRequestId);
        awaitTurn(wait);
        return calling().cancel(vendorRequestId);
    }

    /**
     * The adapter, for a call that goes out now, after its {@link #awaitTurn turn}: this process's
     * calls on the account start at least a rate period apart, however late each comes after its turn.
     */
    public VendorAdapter calling() throws InterruptedException {
        account.spaceCall();
        return adapter;
    }

    /** The vendor asked us to slow down: every caller on the account waits that long. */
    public void pause(Duration duration) {
        account.pause(duration);
    }

    /** A vendor that says "slow down" (429, with or without a retry hint) slows every caller of the account. */
    public void heed(VendorError error) {
        if (error.errorClass() == ErrorClass.RATE_LIMITED) pause(Backoff.after(1, error.retryAfter()));
    }

    /**
     * Stop submitting to this vendor (out of credit, credentials refused); tasks already there are
     * still followed to the end. The first reason is kept.
     */
    public void stop(String reason) {
        if (stopped == null) stopped = reason;
    }

    /** Why new submissions stopped, or null while they go on. */
    public String stopped() {
        return stopped;
    }
}
