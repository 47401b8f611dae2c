package io.retouch.sim;

/**
 * One accepted submission as persisted under the state dir. Its whole future (start, finish, how it
 * ends) is decided at submit time, so status answers are a pure function of the clock and survive
 * restarts. Times are epoch milliseconds. {@code vendor} is the protocol it came in by (null in state
 * written before there were several: fal). Nullable: {@code cancelledAt}; {@code clientRef}, the
 * client's own reference where the protocol carries one (Runflow's {@code client_ref}, a Gemini batch
 * row's key); {@code group}, which ties the rows of one batch together.
 */
public record SimRequest(String id, String vendor, long sequence, String bodySha256, EditParams params, int inputCount,
                         long submittedAt, long startAt, long finishAt, Outcome outcome, Long cancelledAt,
                         String clientRef, String group) {

    public enum Phase { IN_QUEUE, IN_PROGRESS, COMPLETED, CANCELLED }

    public SimRequest {
        if (vendor == null) vendor = "fal";
    }

    public Phase phaseAt(long now) {
        if (cancelledAt != null) return Phase.CANCELLED;
        return now < startAt ? Phase.IN_QUEUE : now < finishAt ? Phase.IN_PROGRESS : Phase.COMPLETED;
    }

    public SimRequest cancelled(long now) {
        return new SimRequest(id, vendor, sequence, bodySha256, params, inputCount, submittedAt, startAt, finishAt,
                outcome, now, clientRef, group);
    }

    /** Completed with images one can fetch (unless they have expired). */
    public boolean producesImages() {
        return outcome == Outcome.SUCCEEDED || outcome == Outcome.OUTPUT_EXPIRED;
    }
}
