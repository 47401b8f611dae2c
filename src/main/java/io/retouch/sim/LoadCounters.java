package io.retouch.sim;

import java.util.ArrayDeque;
import java.util.EnumMap;
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
 * Beside the peaks, running totals ({@link Totals}) that a benchmark divides: calls per image,
 * the run time the simulator drew, when the first submission came and the last task ends.
 */
public final class LoadCounters {

    /** One vendor's peaks. */
    public record Load(int peakHeld, int peakRequestsPerSecond) {}

    /**
     * What a protocol request was, as far as the simulator can tell without knowing each vendor's
     * paths: a submission (its body was valid), a status poll, a cancel, or anything else (result
     * fetches, lists, refused bodies). For a batch vendor ({@code gemini-batch}) submits and cancels count
     * tasks, not calls. {@code FILE} is an output download from the simulator's CDN,
     * not a protocol request: it is counted apart and never in {@link Totals#requests()}.
     */
    public enum Kind { SUBMIT, STATUS, CANCEL, OTHER, FILE }

    /**
     * One vendor's totals since the simulator started. {@code requestsByKind}: protocol requests by
     * {@link Kind} (plus {@code FILE} downloads); {@code accepted}: paid submissions;
     * {@code drawnRunMillis}: the sum of the run times drawn for them (what they hold a slot for);
     * {@code firstRequestAt}: when the first request came in, {@code firstAcceptedAt} when the first
     * paid submission was accepted (what the simulator's own work on it added lies between the two), and
     * {@code lastFinishAt}: epoch millis (0 before any), the last
     * promised finish of any accepted task, moved earlier by a cancel; {@code rateLimited}: submits
     * and polls answered with the vendor's 429 (faults {@code submit-429*}, {@code poll-429});
     * {@code heldNow} and {@code finished}: tasks held and tasks ended at the time asked.
     */
    public record Totals(long requests, Map<Kind, Long> requestsByKind, long accepted, long drawnRunMillis,
                         long firstRequestAt, long firstAcceptedAt, long lastFinishAt, long rateLimited, int heldNow,
                         long finished) {}

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final Map<String, VendorLoad> vendors = new ConcurrentHashMap<>();

    /** {@code nanoClock}: when requests start, e.g. {@code System::nanoTime}. */
    public LoadCounters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A request of {@code vendor}'s protocol has come in, at {@code atMillis} (simulator millis). */
    public void requestStarted(String vendor, long atMillis) {
        vendor(vendor).started(nanoClock, atMillis);
    }

    /** A request already counted by {@link #requestStarted} turned out to be of {@code kind} (not {@code OTHER}). */
    public void requestWas(String vendor, Kind kind) {
        vendor(vendor).kind(kind);
    }

    /** A submit or poll of {@code vendor} was answered with the vendor's "too many requests". */
    public void rateLimited(String vendor) {
        vendor(vendor).rateLimited();
    }

    /** The vendor took task {@code id} at {@code now}; it will have finished at {@code finishAt} (simulator millis). */
    public void taskAccepted(String vendor, String id, long now, long finishAt) {
        vendor(vendor).accepted(id, now, finishAt);
    }

    /**
     * A new paid submission: as {@link #taskAccepted(String, String, long, long)}, and counted in the
     * totals with the run time drawn for it, {@code finishAt - startAt}.
     */
    public void taskAccepted(String vendor, String id, long now, long startAt, long finishAt) {
        vendor(vendor).paid(now, finishAt - startAt, finishAt);
        taskAccepted(vendor, id, now, finishAt);
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

    /** Every vendor's totals, by name, with tasks held and finished at {@code now} (simulator millis). */
    public Map<String, Totals> totalsByVendor(long now) {
        Map<String, Totals> all = new TreeMap<>();
        vendors.forEach((name, load) -> all.put(name, load.totals(now)));
        return all;
    }

    /** One vendor's peaks; zeros for a vendor nothing has reached. */
    public Load of(String vendor) {
        VendorLoad load = vendors.get(vendor);
        return load == null ? new Load(0, 0) : load.peaks();
    }

    /** One vendor's totals at {@code now}; zeros for a vendor nothing has reached. */
    public Totals totalsOf(String vendor, long now) {
        VendorLoad load = vendors.get(vendor);
        return load == null ? new VendorLoad().totals(now) : load.totals(now);
    }

    private VendorLoad vendor(String name) {
        return vendors.computeIfAbsent(name, n -> new VendorLoad());
    }

    private static final class VendorLoad {
        /** Start times of the requests of the last second, oldest first. */
        private final ArrayDeque<Long> lastSecond = new ArrayDeque<>();
        /** Tasks held, with when each ends: queued or running until then. */
        private final Map<String, Long> held = new HashMap<>();
        private final Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        private int peakHeld;
        private int peakRate;
        private long requests;
        private long paid;
        private long drawnRunMillis;
        private long firstRequestAt;
        private long firstPaidAt;
        private long lastFinishAt;
        private long rateLimited;
        /** Tasks accepted in this life or held over from an earlier one: those held now are the rest. */
        private long everHeld;

        /**
         * The clock is read under the lock, so start times come in order. A request at t counts
         * those that started in (t - 1 s, t]: every half-open one-second window that holds the most
         * requests ends at one of them, so the peak is the most any such window holds.
         */
        synchronized void started(LongSupplier clock, long atMillis) {
            if (requests == 0) firstRequestAt = atMillis;
            long now = clock.getAsLong();
            while (!lastSecond.isEmpty() && lastSecond.peekFirst() <= now - SECOND_NANOS) lastSecond.pollFirst();
            lastSecond.addLast(now);
            peakRate = Math.max(peakRate, lastSecond.size());
            requests++;
        }

        synchronized void kind(Kind kind) {
            kinds.merge(kind, 1L, Long::sum);
        }

        synchronized void rateLimited() {
            rateLimited++;
        }

        synchronized void paid(long now, long runMillis, long finishAt) {
            if (paid++ == 0) firstPaidAt = now;
            drawnRunMillis += runMillis;
            lastFinishAt = Math.max(lastFinishAt, finishAt);
        }

        /** The count only grows when a task is accepted, so the peak is reached at an acceptance. */
        synchronized void accepted(String id, long now, long finishAt) {
            held.values().removeIf(end -> end <= now);
            if (held.put(id, finishAt) == null) everHeld++;
            peakHeld = Math.max(peakHeld, held.size());
        }

        synchronized void ended(String id, long at) {
            Long end = held.get(id);
            if (end == null || end <= at) return;
            held.put(id, at);
            // the tasks no longer held ended before now, so the latest end is among those held
            lastFinishAt = held.values().stream().mapToLong(Long::longValue).max().orElse(at);
        }

        synchronized Load peaks() {
            return new Load(peakHeld, peakRate);
        }

        synchronized Totals totals(long now) {
            int heldNow = (int) held.values().stream().filter(end -> end > now).count();
            Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) byKind.put(kind, kinds.getOrDefault(kind, 0L));
            long named = byKind.get(Kind.SUBMIT) + byKind.get(Kind.STATUS) + byKind.get(Kind.CANCEL);
            // a batch (gemini-batch) submits and cancels several tasks in one call: never below zero
            byKind.put(Kind.OTHER, Math.max(0, requests - named));
            return new Totals(requests, byKind, paid, drawnRunMillis, firstRequestAt, firstPaidAt, lastFinishAt, rateLimited,
                    heldNow, everHeld - heldNow);
        }
    }
}
