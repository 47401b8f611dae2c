package io.retouch.provider;

/** Where a vendor's task stands. */
public sealed interface PollOutcome {

    VendorCall call();

    record Queued(VendorCall call) implements PollOutcome {}

    record Running(VendorCall call) implements PollOutcome {}

    /** Finished on the vendor's side: collect next (the result may still turn out to be an error). */
    record Finished(VendorCall call) implements PollOutcome {}

    record Failed(VendorError error, VendorCall call) implements PollOutcome {}

    /** This poll did not work (5xx, 429, transport); the task itself is unaffected. */
    record Unavailable(VendorError error, VendorCall call) implements PollOutcome {}
}
