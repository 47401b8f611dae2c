package io.retouch.sim;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A vendor account's concurrency: at most {@code concurrency} requests run at once and the rest wait
 * in a FIFO queue that is never rejected. Each submission takes the slot that frees up first, so its
 * start and finish are known the moment it is accepted. A cancel does not move later requests
 * forward: their times were promised at submit and stay a pure function of submission order, which a
 * restart replays exactly.
 */
public final class Schedule {

    /** When a submission will hold a slot, and the order it was admitted in. */
    public record Slot(long sequence, long startAt, long finishAt) {}

    private final long[] slotFreeAt;
    private long nextSequence;

    public Schedule(int concurrency) {
        this.slotFreeAt = new long[concurrency];
    }

    public synchronized Slot admit(long now, long runMillis) {
        int slot = earliestFreeSlot();
        long start = Math.max(now, slotFreeAt[slot]);
        slotFreeAt[slot] = start + runMillis;
        return new Slot(nextSequence++, start, start + runMillis);
    }

    /** Replays a persisted request; must be called in sequence order. */
    public synchronized void replay(SimRequest request) {
        slotFreeAt[earliestFreeSlot()] = request.finishAt();
        nextSequence = Math.max(nextSequence, request.sequence() + 1);
    }

    /** The first of the slots that free up earliest. */
    private int earliestFreeSlot() {
        return IntStream.range(0, slotFreeAt.length).boxed()
                .min(Comparator.comparingLong(slot -> slotFreeAt[slot])).orElseThrow();
    }
}
