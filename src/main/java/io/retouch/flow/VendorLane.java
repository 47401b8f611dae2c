package io.retouch.flow;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.retouch.spec.JobSpec;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorError;
import io.retouch.provider.VendorError;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One vendor as a run uses it: the adapter and the limits every call passes through: in-flight
 * slots (tasks the vendor holds for us), a request-rate token bucket (every call, polls included),
 * and a pause the vendor can impose with 429 / Retry-After.
 */
public final class VendorLane {

    private final VendorAdapter adapter;
    private final JobSpec.Vendor limits;
    private final Semaphore slots;
    private final Bucket rate;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);
    private volatile String stopped;
    private final StopSignal stop;

    /** {@code stop}: a stop of the run ends a wait for this lane's turn (the task is not sent). */
    public VendorLane(VendorAdapter adapter, JobSpec.Vendor limits, StopSignal stop) {
        this.adapter = adapter;
        this.limits = limits;
        this.stop = stop;
        this.slots = new Semaphore(limits.maxInFlight(), true);
        this.rate = Bucket.builder().addLimit(bandwidth(limits.requestsPerSecond())).build();
    }

    /** Bucket4j wants whole tokens per period: 2.5 rps becomes 3 tokens per 1.2 s. */
    private static Bandwidth bandwidth(double rps) {
        long tokens = (long) Math.ceil(rps);
        Duration period = Duration.ofNanos((long) (tokens / rps * 1_000_000_000L));
        return Bandwidth.builder().capacity(tokens).refillGreedy(tokens, period).build();
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

    /** Takes a slot if one is free at once: the dispatcher never blocks one vendor's work on another's slots. */
    public boolean tryAcquireSlot() {
        return slots.tryAcquire();
    }

    public int freeSlots() {
        return slots.availablePermits();
    }

    public void releaseSlot() {
        slots.release();
    }


    /** Blocks until this lane may make one more call. */
    public void awaitTurn() throws InterruptedException {
        Duration pause = Duration.between(Instant.now(), pausedUntil.get());
        if (!pause.isNegative()) stop.sleep(pause);
        rate.asBlocking().consume(1);
    }

    /** The vendor asked us to slow down: every caller on this lane waits that long. */
    public void pause(Duration duration) {
        Instant until = Instant.now().plus(duration);
        pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** A vendor that says "slow down" (429, with or without a retry hint) slows every caller of this lane. */
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
