package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Polls wait a fraction of the time already spent, clamped to the vendor's min and max. */
class PollPacingTests {

    private final PollPacing pacing = new PollPacing(Duration.ofMillis(500), Duration.ofSeconds(5), 0.1);

    @Test
    void earlyPollsWaitTheMinimum() {
        assertThat(pacing.next(Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(pacing.next(Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(500));
        assertThat(pacing.next(Duration.ofMillis(-100))).as("clock skew").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void inTheMiddleTheWaitIsProportionalToTheTimeSpent() {
        assertThat(pacing.next(Duration.ofSeconds(6))).isEqualTo(Duration.ofMillis(600));
        assertThat(pacing.next(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
        assertThat(pacing.next(Duration.ofSeconds(50))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void latePollsWaitTheMaximum() {
        assertThat(pacing.next(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(pacing.next(Duration.ofDays(3))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theWaitNeverShrinksAsTimePasses() {
        Duration previous = Duration.ZERO;
        for (long ms = 0; ms <= 120_000; ms += 250) {
            Duration wait = pacing.next(Duration.ofMillis(ms));
            assertThat(wait).isGreaterThanOrEqualTo(previous);
            previous = wait;
        }
    }
}
