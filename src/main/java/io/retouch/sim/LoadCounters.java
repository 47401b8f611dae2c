package io.retouch.sim;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What each simulated vendor was asked to bear at its peak since the simulator started, the two
 * things a vendor account limits: tasks held at once (accepted and not yet finished: queued or
 * running) and requests of its protocol (submits, polls, results, cancels: every call) started
 * within any one second. Tests check a client's limits against them ({@code GET /_sim/stats}).
 */
public final class LoadCounters {

    /** One vendor's peaks. */
    public record Load(int peakHeld, int peakRequestsPerSecond) {}

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final Map<String, VendorLoad> vendors = new ConcurrentHashMap<>();

    /** {@code nanoClock}: when requests start, e.g. {@code System::nanoTime}. */
    public LoadCounters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A request of {@code vendor}'s protocol has come in. */
    public void requestStarted(String vendor) {
        vendor(vendor).started(nanoClock);
    }

    /** The vendor took task {@code id} at {@code now}; it will have finished at {@code finishAt} (simulator millis). */
    public void taskAccepted(String vendor, String id, long now, long finishAt) {
        vendor(vendor).accepted(id, now, finishAt);
    }

    /** Task {@code id} ended before its time, at {@code at}: cancelled. */
    public void taskEnded(String vendor, String id, long at) {
        vendor(vendor).ended(id, at);
    }

    /** Every vendor that has had a request or a task, by name. */
    public Map<String, Load> byVendor() {
        Map<String, Load> all = new TreeMap<>();
        vendors.forEach((name, load) -> all.put(name, load.peaks()));
        return all;
    }

    /** One vendor's peaks; zeros for a vendor nothing has reached. */
    public Load of(String vendor) {
        VendorLoad load = vendors.get(vendor);
        return load == null ? new Load(0, 0) : load.peaks();
    }

    private VendorLoad vendor(String name) {
        return vendors.computeIfAbsent(name, n -> new VendorLoad());
    }

    private static final class VendorLoad {
        /** Start times of the requests of the last second, oldest first. */
        private final ArrayDeque<Long> lastSecond = new ArrayDeque<>();
        /** Tasks held, with when each ends: queued or running until then. */
        private final Map<String, Long> held = new HashMap<>();
        private int peakHeld;
        private int peakRate;

        /**
         * The clock is read under the lock, so start times come in order. A request at t counts
         * those that started in (t - 1 s, t]: every half-open one-second window that holds the most
         * requests ends at one of them, so the peak is the most any such window holds.
         */
        synchronized void started(LongSupplier clock) {
            long now = clock.getAsLong();
            while (!lastSecond.isEmpty() && lastSecond.peekFirst() <= now - SECOND_NANOS) lastSecond.pollFirst();
            lastSecond.addLast(now);
            peakRate = Math.max(peakRate, lastSecond.size());
        }

        /** The count only grows when a task is accepted, so the peak is reached at an acceptance. */
        synchronized void accepted(String id, long now, long finishAt) {
            held.values().removeIf(end -> end <= now);
            held.put(id, finishAt);
            peakHeld = Math.max(peakHeld, held.size());
        }

        synchronized void ended(String id, long at) {
            held.computeIfPresent(id, (key, end) -> Math.min(end, at));
        }

        synchronized Load peaks() {
            return new Load(peakHeld, peakRate);
        }
    }
}
