package io.retouch.limits;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.retouch.task.Slice;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The limits of one vendor account as one lane of one run sees them, shared through PostgreSQL with
 * every other lane on the account, in this process or any other: in-flight slots as leases (at most
 * this lane's {@code max-in-flight} live at once), one request-rate bucket, and the 429 pause.
 */
public final class AccountLimits implements AutoCloseable {

    /** How old the pause read from the database may be: a lane reads it at most once a second. */
    static final Duration PAUSE_READ_EVERY = Duration.ofSeconds(1);

    private final String vendor;
    private final String account;
    private final int maxInFlight;
    private final Slice slice;
    private final Leases leases;
    private final Pauses pauses;
    private final Bucket rate;
    private final CallSpacing spacing;
    private final long periodNanos;
    private final Set<Long> leased = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean firstCall = new AtomicBoolean(true);
    private long pausedUntilNanos = System.nanoTime();
    private long pauseReadAtNanos = System.nanoTime() - PAUSE_READ_EVERY.toNanos();

    AccountLimits(String vendor, String account, int maxInFlight, Slice slice, Leases leases, Pauses pauses, Bucket rate,
                  CallSpacing spacing, double rps) {
        this.vendor = vendor;
        this.account = account;
        this.maxInFlight = maxInFlight;
        this.slice = slice;
        this.leases = leases;
        this.pauses = pauses;
        this.rate = rate;
        this.spacing = spacing;
        this.periodNanos = RateBuckets.periodNanos(rps);
    }

    /** Takes a slot for the task if the account has one free now; never waits. */
    public boolean tryLease(long taskId) {
        return !tryLease(List.of(taskId)).isEmpty();
    }

    /** Takes slots for the first of the tasks, in order, while the account has slots free now; never waits. */
    public List<Long> tryLease(List<Long> taskIds) {
        List<Long> taken = leases.acquire(vendor, account, taskIds, maxInFlight);
        leased.addAll(taken);
        return taken;
    }

    public void release(long taskId) {
        leases.release(taskId);
        leased.remove(taskId);
    }

    /**
     * This lane's max-in-flight less the account's live leases (other lanes' included), never below
     * zero; leases a dead process left on the slice's tasks do not count, their tasks take them over.
     */
    public int freeSlots() {
        return Math.max(0, maxInFlight - leases.live(vendor, account, slice));
    }

    /**
     * Takes the account's next call, waiting for it through {@code wait}; a wait it cuts short costs
     * the call. The lane's first call takes a second turn too, without waiting: it opens the
     * connection (first in a process, it also warms up the JDK's HTTP client: a few hundred ms), so
     * it reaches the vendor late, and the call after it must not catch up with it.
     */
    public void awaitCall(BlockingStrategy wait) throws InterruptedException {
        rate.asBlocking().consume(1, wait);
        if (firstCall.compareAndSet(true, false)) rate.consumeIgnoringRateLimits(1);
    }

    /**
     * Called as a call granted by {@link #awaitCall} goes out: this process's calls on the account
     * start a rate period apart however late each went after its turn (see {@link CallSpacing}).
     */
    public void spaceCall() throws InterruptedException {
        spacing.awaitGap(periodNanos);
    }

    /** Pauses every lane of the account, for at least {@code d} from now. */
    public void pause(Duration d) {
        pauses.pause(vendor, account, d);
        synchronized (this) {
            pausedUntilNanos = Math.max(pausedUntilNanos, System.nanoTime() + d.toNanos());
        }
    }

    /** What is left of the account's pause, as read at most {@link #PAUSE_READ_EVERY} ago. */
    public synchronized Duration pausedFor() {
        long now = System.nanoTime();
        if (now - pauseReadAtNanos >= PAUSE_READ_EVERY.toNanos()) {
            pausedUntilNanos = Math.max(pausedUntilNanos, now + pauses.left(vendor, account).toNanos());
            pauseReadAtNanos = now;
        }
        return Duration.ofNanos(Math.max(0, pausedUntilNanos - now));
    }

    /** Gives back the slots of tasks this lane still holds: its run is over in this process. */
    @Override
    public void close() {
        for (Long taskId : leased) release(taskId);
    }
}
