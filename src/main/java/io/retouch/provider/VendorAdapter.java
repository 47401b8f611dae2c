package io.retouch.provider;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One hosted vendor of the edit model. Each operation makes exactly one HTTP exchange and never
 * retries by itself: retrying a paid call is the pipeline's decision, made against durable state.
 * Implementations are thread-safe. A synchronous vendor (the result comes back on the submit) or a
 * batching one may hold results in memory between calls; after a restart such an adapter must
 * answer a poll for a result it no longer holds with a verdict, never with silence.
 */
public interface VendorAdapter extends AutoCloseable {

    /** The vendor's name as used in job specs, e.g. {@code fal}. */
    String name();

    PollPacing pacing();

    /** Paid call. {@code attemptId} is our idempotency key / client reference where the vendor has one. */
    SubmitOutcome submit(EditRequest request, String attemptId);

    /** Free call: where the vendor's task stands. */
    PollOutcome poll(String vendorRequestId);

    /** Whether the vendor pushes a task's status as it changes; then {@link #watch} is used instead of polls. */
    default boolean pushesStatus() { return false; }

    /**
     * One HTTP exchange that the vendor holds open while the task waits and runs (fal's status stream):
     * completes with Finished or Failed as soon as the vendor says so, or at {@code max} (or when the stream
     * ends early) with the last status seen (Queued or Running; Unavailable when the stream could not be opened or
     * broke before any status). Never completes exceptionally. Cancelling the future closes the stream.
     */
    default CompletableFuture<PollOutcome> watch(String vendorRequestId, Duration max) {
        throw new UnsupportedOperationException(name() + " does not push status");
    }

    /** Free call: the finished task's output references (or why there are none). */
    CollectOutcome collect(String vendorRequestId);

    /** Best-effort cancel of a task we gave up on. */
    VendorCall cancel(String vendorRequestId);

    /** Whether {@link #cancel} of this task calls the vendor (then it waits for the account's turn like any call). */
    default boolean cancelCallsVendor(String vendorRequestId) {
        return true;
    }

    /**
     * The task a submission with this {@code attemptId} created, for a vendor that carries our
     * reference (Runflow's {@code client_ref}): how an in-doubt task is settled without paying twice.
     */
    default Lookup findByReference(String attemptId) {
        return new Lookup.Unknown(name() + " keeps no reference of ours to look a task up by");
    }

    /** The pipeline is done with this task (stored, or failed for good): what is held for it may go. */
    default void done(String vendorRequestId) {
    }

    @Override
    default void close() {
    }
}
