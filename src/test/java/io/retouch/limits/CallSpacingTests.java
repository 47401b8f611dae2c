package io.retouch.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Regression (CI, 2026-11-30): two runs on one account in one process reached the simulator six
 * times within one second at 5 requests/s. Turns were granted 220 ms apart, but one call went out
 * late after its turn and the next on time. The gap is now kept as the calls actually start.
 */
class CallSpacingTests {

    private static final long PERIOD = Duration.ofMillis(220).toNanos();

    @Test
    void aCallRightAfterALateOneWaitsForTheWholePeriod() throws InterruptedException {
        CallSpacing spacing = new CallSpacing();
        spacing.awaitGap(PERIOD); // the late call goes out
        long late = System.nanoTime();
        Thread.sleep(50); // the next turn, granted on time, comes 50 ms after it
        spacing.awaitGap(PERIOD);
        assertThat(System.nanoTime() - late).isGreaterThanOrEqualTo(PERIOD);
    }

    @Test
    void theFirstCallAndACallAPeriodLaterDoNotWait() throws InterruptedException {
        CallSpacing spacing = new CallSpacing();
        long start = System.nanoTime();
        spacing.awaitGap(PERIOD);
        assertThat(System.nanoTime() - start).isLessThan(PERIOD / 2);
        Thread.sleep(Duration.ofNanos(PERIOD));
        long next = System.nanoTime();
        spacing.awaitGap(PERIOD);
        assertThat(System.nanoTime() - next).isLessThan(PERIOD / 2);
    }
}
