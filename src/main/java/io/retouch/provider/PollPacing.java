package io.retouch.provider;

import java.time.Duration;

/**
 * Poll cadence fitted to a vendor's latency: wait {@code fraction} of the time already spent
 * (so the overshoot past completion stays within that fraction of the task's latency), never
 * less than {@code min} nor more than {@code max}.
 */
public record PollPacing(Duration min, Duration max, double fraction) {

    public Duration next(Duration elapsed) {
        long proportional = (long) (elapsed.toMillis() * fraction);
        return Duration.ofMillis(Math.max(min.toMillis(), Math.min(max.toMillis(), proportional)));
    }
}
