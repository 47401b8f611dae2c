package io.retouch.provider;

/** What asking a vendor for the task our attempt created came to. */
public sealed interface Lookup {

    /** The vendor has it: follow it, do not submit again. */
    record Found(String vendorRequestId) implements Lookup {}

    /** The vendor surely has no such task: submitting again cannot pay twice. */
    record Absent() implements Lookup {}

    /** No answer that can be trusted: the task stays in doubt. */
    record Unknown(String reason) implements Lookup {}
}
