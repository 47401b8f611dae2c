package io.retouch.flow;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How a run is asked to stop (`retouch stop`, SIGTERM, Ctrl-C) without losing or doubling money.
 * Once asked, no submission begins and every wait of the pipeline (between polls, for the vendor's
 * rate, before a collect is retried) ends at once, leaving its task where the table says it is; a
 * call already on the wire finishes and records its answer. Threads are never interrupted: an
 * interrupt closes the database connection under a virtual thread mid-write. {@code cancel} also
 * asks the vendors to cancel what they hold and cancels what was never sent.
 */
public final class StopSignal {

    private String reason;
    private boolean cancel;
    /** Exchanges held open that a stop ends. */
    private final Set<CompletableFuture<?>> onStop = new HashSet<>();

    /** Asks the run to stop; the first reason given is kept. */
    public void request(String why, boolean alsoCancel) {
        List<CompletableFuture<?>> open;
        synchronized (this) {
            if (reason == null) reason = why;
            cancel |= alsoCancel;
            open = List.copyOf(onStop);
            notifyAll();
        }
        // closing connections takes a while: not under the lock every wait of the pipeline reads
        open.forEach(call -> call.cancel(true));
    }

    public synchronized boolean requested() {
        return reason != null;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized boolean cancel() {
        return cancel;
    }

    /**
     * Waits for {@code call} (a vendor exchange held open, such as a status stream); a stop cancels it,
     * which closes its connection, and throws an {@link InterruptedException} as {@link #sleep} does.
     */
    public <T> T await(CompletableFuture<T> call) throws InterruptedException {
        synchronized (this) {
            if (reason != null) {
                call.cancel(true);
                throw new InterruptedException("stopped: " + reason);
            }
            onStop.add(call);
        }
        try {
            return call.join();
        } catch (CancellationException | CompletionException e) {
            if (requested()) throw new InterruptedException("stopped: " + reason());
            throw e;
        } finally {
            synchronized (this) {
                onStop.remove(call);
            }
        }
    }

    /**
     * Waits as {@link Thread#sleep} does, but a stop ends the wait: then it throws an
     * {@link InterruptedException}, which every stage already answers by leaving its task as it is.
     */
    public synchronized void sleep(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); reason == null && left > 0; left = until - System.nanoTime())
            wait(Math.max(1, left / 1_000_000));
        if (reason != null) throw new InterruptedException("stopped: " + reason);
    }
}
