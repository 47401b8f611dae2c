package io.retouch.provider;

/** What a paid submit came to. */
public sealed interface SubmitOutcome {

    VendorCall call();

    /** The vendor took the task: it is paid for and must be polled to the end. */
    record Accepted(String vendorRequestId, VendorCall call) implements SubmitOutcome {}

    /** The vendor answered and refused; nothing was charged. */
    record Refused(VendorError error, VendorCall call) implements SubmitOutcome {}

    /** No answer we can trust (timeout, reset, unreadable body): the task may or may not exist. */
    record Unknown(String reason, VendorCall call) implements SubmitOutcome {}
}
