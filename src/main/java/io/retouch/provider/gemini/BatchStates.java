package io.retouch.provider.gemini;

import io.retouch.provider.VendorCall;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Coalesces polls: many rows share one batch, so one {@code GET batches/<id>} answers them all. A
 * readable answer is reused for 1 s (a batch still running) or 60 s (a finished batch, whose answer
 * no longer changes and holds every row's result); callers asking at once wait for the one call in
 * flight. Failed calls are never reused.
 */
final class BatchStates {

    private static final Duration FRESH = Duration.ofSeconds(1);
    private static final Duration FRESH_DONE = Duration.ofSeconds(60);

    /** A batch as one GET answered it; {@code reply} is null when the answer was reused. */
    record Answer(HttpReply reply, JsonNode body, VendorCall call) {}

    private record Seen(JsonNode body, VendorCall call, long atNanos, boolean done) {}

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        volatile Seen seen;
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Answer get(String batch, Supplier<HttpReply> fetch) {
        Entry entry = entries.computeIfAbsent(batch, b -> new Entry());
        entry.lock.lock();
        try {
            long now = System.nanoTime();
            Seen seen = entry.seen;
            if (seen != null && now - seen.atNanos() < (seen.done() ? FRESH_DONE : FRESH).toNanos()) {
                VendorCall c = seen.call();
                return new Answer(null, seen.body(), new VendorCall(c.operation(), "CACHED", c.url(), c.status(), 0,
                        c.vendorCode(), "answer of a GET " + (now - seen.atNanos()) / 1_000_000
                        + " ms ago, shared by the rows of " + batch));
            }
            HttpReply reply = fetch.get();
            JsonNode body = reply.ok() ? Json.object(reply.body()) : null;
            VendorCall call = reply.call(body == null ? null : state(body), null);
            if (body != null) {
                entry.seen = new Seen(body, call, now, body.path("done").asBoolean(false));
                // Forget batches whose answer is older than any reuse, or whose last call failed.
                entries.values().removeIf(e -> !e.lock.isLocked()
                        && (e.seen == null || now - e.seen.atNanos() > FRESH_DONE.toNanos()));
            }
            return new Answer(reply, body, call);
        } finally {
            entry.lock.unlock();
        }
    }

    /** The batch's state word, from the Operation's metadata or a bare GenerateContentBatch. */
    static String state(JsonNode body) {
        String state = Json.text(body.path("metadata"), "state");
        return state != null ? state : Json.text(body, "state");
    }
}
