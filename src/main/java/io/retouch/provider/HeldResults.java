package io.retouch.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For synchronous vendors (the result comes back on the submit): the answer, held in memory under
 * an id of ours until the pipeline has collected it, so every vendor fits the one
 * submit → poll → collect contract. A held answer outlives a collect (the pipeline may collect again
 * when storing fails) and is dropped after {@code keep}. After a restart nothing is held: a poll
 * then says the result is lost — the one window where a synchronous vendor's paid result can be,
 * documented in docs/vendors.md.
 */
public final class HeldResults {

    private static final String HELD = "answer held in memory";

    private record Held(PollOutcome verdict, CollectOutcome result, Instant until) {}

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Duration keep;
    private final Clock clock;

    public HeldResults(Duration keep, Clock clock) {
        this.keep = keep;
        this.clock = clock;
    }

    public HeldResults() {
        this(Duration.ofHours(1), Clock.systemUTC());
    }

    /** The id a synchronous vendor's task gets: ours, since the answer is all there is. */
    public static String idFor(String attemptId) {
        return "sync-" + attemptId;
    }

    /** A call answered from memory, without an HTTP exchange: status 0, the URL names the held id. */
    public static VendorCall local(String operation, String vendor, String id, String message) {
        return VendorCall.local(operation, "held:" + vendor + "/" + id, null, message);
    }

    /** Holds a finished task's outputs (or the failure collect will report). */
    public void finished(String id, CollectOutcome result, VendorCall call) {
        put(id, new PollOutcome.Finished(call), result);
    }

    /** Holds a task the vendor took and then failed (content blocked, no image...): poll reports it. */
    public void failed(String id, VendorError error, VendorCall call) {
        put(id, new PollOutcome.Failed(error, call), new CollectOutcome.Failed(error, call));
    }

    public void release(String id) {
        held.remove(id);
    }

    public PollOutcome poll(String id, String vendor) {
        Held h = current(id);
        return h != null ? h.verdict() : new PollOutcome.Failed(lost(id, vendor), local("poll", vendor, id, HELD));
    }

    public CollectOutcome collect(String id, String vendor) {
        Held h = current(id);
        return h != null ? h.result() : new CollectOutcome.Failed(lost(id, vendor), local("collect", vendor, id, HELD));
    }

    private void put(String id, PollOutcome verdict, CollectOutcome result) {
        Instant now = clock.instant();
        held.values().removeIf(h -> h.until().isBefore(now));
        held.put(id, new Held(verdict, result, now.plus(keep)));
    }

    private Held current(String id) {
        Held h = held.get(id);
        return h == null || h.until().isBefore(clock.instant()) ? null : h;
    }

    private static VendorError lost(String id, String vendor) {
        return VendorError.of(ErrorClass.OUTPUT_EXPIRED, "not_held",
                vendor + " answered " + id + " synchronously and the answer was not stored before the process"
                        + " stopped (or was dropped after an hour); it cannot be fetched again");
    }
}
