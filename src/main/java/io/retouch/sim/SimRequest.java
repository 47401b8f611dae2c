package io.retouch.sim;

/**
 * One accepted submission as persisted under the state dir. Its whole future — when it starts, when
 * it finishes, how it ends — is decided at submit time, so status answers are a pure function of the
 * wall clock and survive restarts. Times are epoch milliseconds; {@code cancelledAt} is null unless
 * cancelled.
 */
record SimRequest(String id, long sequence, String bodySha256, EditParams params, int inputCount,
                  long submittedAt, long startAt, long finishAt, Outcome outcome, Long cancelledAt) {

    enum Phase { IN_QUEUE, IN_PROGRESS, COMPLETED, CANCELLED }

    Phase phaseAt(long now) {
        if (cancelledAt != null) {
            return Phase.CANCELLED;
        }
        if (now < startAt) {
            return Phase.IN_QUEUE;
        }
        return now < finishAt ? Phase.IN_PROGRESS : Phase.COMPLETED;
    }

    SimRequest cancelled(long now) {
        return new SimRequest(id, sequence, bodySha256, params, inputCount, submittedAt, startAt, finishAt, outcome,
                now);
    }
}
