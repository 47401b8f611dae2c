package io.retouch.provider.gemini.batch;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gathers concurrent submits into one batch: the first row opens a window, which closes when it
 * holds {@code maxRows} rows, when the next row would push it past {@code maxBytes}, or
 * {@code maxWait} after it opened. A closed window is sent once, off the lock, and every row
 * waiting in it gets the same verdict. Nobody waits forever: a submit gives up after the window's
 * wait plus the request timeout (and some slack), calling its row in doubt.
 */
final class BatchWindow implements AutoCloseable {

    /** One submit waiting for its batch. */
    record Row(String key, ObjectNode request, long bytes, CompletableFuture<SubmitOutcome> outcome) {}

    /** Sends one closed window's rows as one batch; never throws, one outcome per row. */
    interface Sender {
        List<SubmitOutcome> send(List<Row> rows);
    }

    private static final Duration SLACK = Duration.ofSeconds(10);

    private final BatchLimits limits;
    private final Duration requestTimeout;
    private final Sender sender;
    private List<Row> open;
    private long openBytes;
    private boolean closed;

    BatchWindow(BatchLimits limits, Duration requestTimeout, Sender sender) {
        this.limits = limits;
        this.requestTimeout = requestTimeout;
        this.sender = sender;
    }

    /** Joins the current window and waits for its batch to be sent. */
    SubmitOutcome join(String key, ObjectNode request, long bytes, String url) {
        Row row = new Row(key, request, bytes, new CompletableFuture<>());
        List<Row> full = null;
        List<Row> alsoFull = null;
        synchronized (this) {
            if (closed) return refused(url, "the adapter was closed before the batch was sent");
            if (open != null && openBytes + bytes > limits.maxBytes()) {
                full = open;
                open = null;
            }
            if (open == null) {
                List<Row> window = new ArrayList<>();
                open = window;
                openBytes = 0;
                Thread.ofVirtual().name("gemini-batch-window").start(() -> closeAfterWait(window));
            }
            open.add(row);
            openBytes += bytes;
            if (open.size() >= limits.maxRows()) {
                alsoFull = open;
                open = null;
            }
        }
        if (full != null) dispatch(full);
        if (alsoFull != null) dispatch(alsoFull);
        return await(row, url);
    }

    private void closeAfterWait(List<Row> window) {
        try {
            Thread.sleep(limits.maxWait().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (open != window) return; // already closed by size, or by close()
            open = null;
        }
        send(window);
    }

    private void dispatch(List<Row> window) {
        Thread.ofVirtual().name("gemini-batch-send").start(() -> send(window));
    }

    private void send(List<Row> window) {
        List<SubmitOutcome> outcomes;
        try {
            outcomes = sender.send(List.copyOf(window));
        } catch (RuntimeException e) {
            // Cannot tell how far the sender got: the batch may exist.
            String reason = "unexpected failure while sending the Gemini batch, it may have been created: " + e;
            VendorCall call = new VendorCall("submit", "POST", "gemini-batch", 0, 0, null, reason);
            window.forEach(r -> r.outcome().complete(new SubmitOutcome.Unknown(reason, call)));
            return;
        }
        for (int i = 0; i < window.size(); i++) window.get(i).outcome().complete(outcomes.get(i));
    }

    private SubmitOutcome await(Row row, String url) {
        Duration patience = limits.maxWait().plus(requestTimeout).plus(SLACK);
        try {
            return row.outcome().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inDoubt(url, "interrupted while the batch holding this row was being sent; it may have been created");
        } catch (TimeoutException e) {
            return inDoubt(url, "no word on the batch holding this row after " + patience.toSeconds()
                    + " s; it may have been created");
        } catch (ExecutionException e) {
            return inDoubt(url, "the batch holding this row failed unexpectedly: " + e.getCause());
        }
    }

    /** Rows still waiting for their window are refused: nothing of theirs was sent. */
    @Override
    public void close() {
        List<Row> pending;
        synchronized (this) {
            closed = true;
            pending = open;
            open = null;
        }
        if (pending != null) {
            for (Row row : pending) row.outcome().complete(refused("gemini-batch", "the adapter was closed before the batch was sent"));
        }
    }

    private static SubmitOutcome refused(String url, String message) {
        VendorError error = VendorError.of(ErrorClass.RETRYABLE, "not_sent", message);
        return new SubmitOutcome.Refused(error, VendorCall.local("submit", url, "not_sent", message));
    }

    private static SubmitOutcome inDoubt(String url, String reason) {
        return new SubmitOutcome.Unknown(reason, VendorCall.local("submit", url, null, reason));
    }
}
