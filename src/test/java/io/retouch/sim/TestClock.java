package io.retouch.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when a test says so, so queue states can be asserted without racing time. */
final class TestClock implements InstantSource {

    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }
}
