package io.retouch.flow;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter for refused submissions: 1 s, 2 s, 4 s … capped at 60 s. */
final class Backoff {

    private static final long BASE_MS = 1000;
    private static final long MAX_MS = 60_000;

    private Backoff() {
    }

    static Duration after(int attempts, Duration vendorHint) {
        if (vendorHint != null && !vendorHint.isNegative() && !vendorHint.isZero()) return vendorHint;
        long exp = BASE_MS << Math.min(Math.max(attempts - 1, 0), 16);
        long capped = Math.min(exp, MAX_MS);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
