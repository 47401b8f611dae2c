package io.retouch.flow;

import io.retouch.provider.PollPacing;
import java.time.Duration;
import java.util.Arrays;

/**
 * How long one vendor takes, learned from the run's own finished tasks, and when to poll a task of
 * it: at the times by which half, then 80 %, 95 % and 99 % of its tasks have finished, so most tasks
 * cost one or two polls and a finished task waits little for the poll that sees it. Until enough
 * tasks have finished, and past the slowest it has seen, the vendor's own pacing applies.
 */
final class LearnedLatency {

    /** Tasks seen finished before their times are trusted. */
    static final int ENOUGH = 8;
    /** The most recent finishes it learns from: a vendor slowing down is followed within a few hundred tasks. */
    private static final int KEPT = 256;
    private static final double[] LADDER = {0.5, 0.8, 0.95, 0.99};

    private final long[] millis = new long[KEPT];
    private long seen;

    /** A task of the vendor finished {@code latency} after it was submitted. */
    synchronized void finished(Duration latency) {
        millis[(int) (seen++ % KEPT)] = Math.max(0, latency.toMillis());
    }

    /**
     * How long to wait before the next poll of a task submitted {@code elapsed} ago: until the next
     * point of the ladder it has not reached yet (at least {@code pacing.min()} away), else as
     * {@code pacing} says.
     */
    Duration nextPoll(Duration elapsed, PollPacing pacing) {
        long[] sorted = snapshot();
        if (sorted.length >= ENOUGH) {
            long at = elapsed.toMillis() + pacing.min().toMillis();
            for (double q : LADDER) {
                long point = sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
                if (point >= at) return Duration.ofMillis(point - elapsed.toMillis());
            }
        }
        return pacing.next(elapsed);
    }

    private synchronized long[] snapshot() {
        long[] copy = Arrays.copyOf(millis, (int) Math.min(seen, KEPT));
        Arrays.sort(copy);
        return copy;
    }
}
