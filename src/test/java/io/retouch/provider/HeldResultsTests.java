package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldResultsTests {

    private static final VendorCall CALL = new VendorCall("submit", "POST", "http://v/", 200, 5, null, null);

    @Test
    void aHeldAnswerIsPolledAndCollectedUntilReleased() {
        HeldResults held = new HeldResults();
        String id = HeldResults.idFor("a1");
        held.finished(id, new CollectOutcome.Outputs(List.of(new OutputRef("data:image/png;base64,AA==", "image/png")), CALL), CALL);
        assertThat(held.poll(id, "gemini")).isInstanceOf(PollOutcome.Finished.class);
        assertThat(held.collect(id, "gemini")).isInstanceOf(CollectOutcome.Outputs.class);
        assertThat(held.collect(id, "gemini")).as("a second collect, after a failed store").isInstanceOf(CollectOutcome.Outputs.class);

        held.release(id);
        PollOutcome afterRelease = held.poll(id, "gemini");
        assertThat(afterRelease).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) afterRelease).error().errorClass()).isEqualTo(ErrorClass.OUTPUT_EXPIRED);
    }

    @Test
    void anAnswerNobodyCollectsIsDroppedAfterItsTime() {
        Clock start = Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC);
        MutableClock clock = new MutableClock(start.instant());
        HeldResults held = new HeldResults(Duration.ofMinutes(10), clock);
        held.failed("sync-x", VendorError.of(ErrorClass.CONTENT_BLOCKED, "IMAGE_SAFETY", "blocked"), CALL);
        assertThat(held.poll("sync-x", "gemini")).isInstanceOf(PollOutcome.Failed.class);
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThat(((PollOutcome.Failed) held.poll("sync-x", "gemini")).error().vendorCode()).isEqualTo("not_held");
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
