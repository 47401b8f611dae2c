package io.retouch.provider.gemini;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorCall;
import io.retouch.provider.http.NotSent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gathers concurrent submits into one batch: the first row opens a window, which closes at {@code maxRows}
 * rows, before a row would push it past {@code maxBytes}, or {@code maxWait} after it opened. A closed window
 * is sent once, on its own thread, and every row in it gets the batch's outcome (accepted as
 * {@code <batch>#<key>}). A submit waits at most the window's wait plus the request timeout (and some slack),
 * then calls its row in doubt.
 */
final class BatchWindow implements AutoCloseable {

    /** One submit waiting for its batch. */
    record Row(String key, ObjectNode request, CompletableFuture<SubmitOutcome> outcome) {}

    /** When a window closes, as {@code RETOUCH_GEMINI_BATCH_MAX_ROWS}, {@code …_MAX_BYTES}, {@code …_MAX_WAIT} set it. */
    record Limits(int maxRows, long maxBytes, Duration maxWait) {

        static final String MAX_ROWS = "RETOUCH_GEMINI_BATCH_MAX_ROWS";
        static final String MAX_BYTES = "RETOUCH_GEMINI_BATCH_MAX_BYTES";
        static final String MAX_WAIT = "RETOUCH_GEMINI_BATCH_MAX_WAIT";
        /** 18 MB stays below Google's 20 MB inline limit, leaving room for the envelope. */
        static final Limits DEFAULTS = new Limits(50, 18L * 1000 * 1000, Duration.ofSeconds(2));
        private static final Pattern AMOUNT = Pattern.compile("(\\d{1,9})\\s*([a-z]*)");

        Limits {
            if (maxRows < 1) throw new IllegalArgumentException(MAX_ROWS + " must be at least 1, was " + maxRows);
            if (maxBytes < 1 || maxBytes > GeminiInputs.MAX_REQUEST_BYTES)
                throw new IllegalArgumentException(MAX_BYTES + " must be 1.." + GeminiInputs.MAX_REQUEST_BYTES
                        + " (Google's inline limit), was " + maxBytes);
            if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(Duration.ofHours(1)) > 0)
                throw new IllegalArgumentException(MAX_WAIT + " must be positive and at most 1h, was " + maxWait);
        }

        /** The limits the environment sets, the defaults where it sets none. */
        static Limits from(Map<String, String> env) {
            long rows = amount(env, MAX_ROWS, "a whole number", Map.of("", 1L), DEFAULTS.maxRows);
            long bytes = amount(env, MAX_BYTES, "a size like 18000000 or 18MB",
                    Map.of("", 1L, "b", 1L, "kb", 1000L, "mb", 1000L * 1000), DEFAULTS.maxBytes);
            long millis = amount(env, MAX_WAIT, "a duration like 200ms, 2s or 1m",
                    Map.of("ms", 1L, "s", 1000L, "m", 60_000L), DEFAULTS.maxWait.toMillis());
            return new Limits((int) rows, bytes, Duration.ofMillis(millis));
        }

        /** The variable's whole number times its unit's worth, or {@code fallback} when it is not set. */
        private static long amount(Map<String, String> env, String variable, String expected, Map<String, Long> units,
                                   long fallback) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) return fallback;
            Matcher matcher = AMOUNT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!matcher.matches() || !units.containsKey(matcher.group(2)))
                throw new IllegalArgumentException(variable + " is not " + expected + ": " + value.strip());
            return Long.parseLong(matcher.group(1)) * units.get(matcher.group(2));
        }
    }

    private final Limits limits;
    private final Duration patience;
    private final URI url;
    /** Sends one closed window as one batch; Accepted names the batch. */
    private final Function<List<Row>, SubmitOutcome> sender;
    private List<Row> open = new ArrayList<>();
    private long openBytes;
    private boolean closed;

    BatchWindow(Limits limits, Duration requestTimeout, URI url, Function<List<Row>, SubmitOutcome> sender) {
        this.limits = limits;
        this.patience = limits.maxWait().plus(requestTimeout).plus(Duration.ofSeconds(10));
        this.url = url;
        this.sender = sender;
    }

    /** Joins the current window and waits for its batch to be sent. */
    SubmitOutcome join(String key, ObjectNode request, long bytes) {
        Row row = new Row(key, request, new CompletableFuture<>());
        synchronized (this) {
            if (closed) return notSent();
            if (!open.isEmpty() && openBytes + bytes > limits.maxBytes()) flush();
            if (open.isEmpty()) {
                List<Row> window = open;
                CompletableFuture.delayedExecutor(limits.maxWait().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> flushAfterWait(window));
            }
            open.add(row);
            openBytes += bytes;
            if (open.size() >= limits.maxRows()) flush();
        }
        try {
            return row.outcome().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inDoubt("interrupted while the batch holding this row was being sent; it may have been created");
        } catch (TimeoutException e) {
            return inDoubt("no word on the batch holding this row after " + patience.toSeconds()
                    + " s; it may have been created");
        } catch (ExecutionException e) {
            return inDoubt("the batch holding this row failed unexpectedly: " + e.getCause());
        }
    }

    private synchronized void flushAfterWait(List<Row> window) {
        if (open == window) flush(); // else already closed by size, or by close()
    }

    /** Closes the open window (under the lock) and sends it on its own thread. */
    private void flush() {
        List<Row> window = List.copyOf(open);
        open = new ArrayList<>();
        openBytes = 0;
        Thread.ofVirtual().name("gemini-batch-send").start(() -> send(window));
    }

    private void send(List<Row> window) {
        SubmitOutcome outcome;
        try {
            outcome = sender.apply(window);
        } catch (RuntimeException e) {
            // Cannot tell how far the sender got: the batch may exist.
            outcome = inDoubt("unexpected failure while sending the batch, it may have been created: " + e);
        }
        for (Row row : window) {
            row.outcome().complete(outcome instanceof SubmitOutcome.Accepted batch
                    ? new SubmitOutcome.Accepted(batch.vendorRequestId() + "#" + row.key(), batch.call()) : outcome);
        }
    }

    /** Rows still waiting for their window are refused: nothing of theirs was sent. */
    @Override
    public void close() {
        List<Row> pending;
        synchronized (this) {
            closed = true;
            pending = open;
            open = new ArrayList<>();
        }
        pending.forEach(row -> row.outcome().complete(notSent()));
    }

    private SubmitOutcome notSent() {
        return new NotSent(ErrorClass.RETRYABLE, "not_sent", "the adapter was closed before the batch was sent").refused(url);
    }

    private SubmitOutcome inDoubt(String reason) {
        return new SubmitOutcome.Unknown(reason, VendorCall.local("submit", url.toString(), null, reason));
    }
}
