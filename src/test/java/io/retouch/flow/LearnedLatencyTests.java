package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.PollPacing;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Polls come when a task is likely done, as the run's own finished tasks show. */
class LearnedLatencyTests {

    private static final PollPacing VENDOR = new PollPacing(Duration.ofMillis(500), Duration.ofSeconds(10), 0.25);

    @Test
    void untilEnoughTasksFinishedTheVendorsPaceApplies() {
        LearnedLatency latency = new LearnedLatency();
        for (int i = 0; i < LearnedLatency.ENOUGH - 1; i++) latency.finished(Duration.ofSeconds(20));
        assertThat(latency.nextPoll(Duration.ofSeconds(4), VENDOR)).isEqualTo(VENDOR.next(Duration.ofSeconds(4)));
    }

    @Test
    void pollsComeAtTheMedianThenLaterQuantilesThenTheVendorsPace() {
        LearnedLatency latency = new LearnedLatency();
        for (int s = 1; s <= 100; s++) latency.finished(Duration.ofMillis(s * 100L)); // 0.1 s .. 10 s
        assertThat(latency.nextPoll(Duration.ZERO, VENDOR)).isEqualTo(Duration.ofMillis(5000));
        assertThat(latency.nextPoll(Duration.ofMillis(5000), VENDOR)).as("80 %").isEqualTo(Duration.ofMillis(3000));
        assertThat(latency.nextPoll(Duration.ofMillis(8000), VENDOR)).as("95 %").isEqualTo(Duration.ofMillis(1500));
        assertThat(latency.nextPoll(Duration.ofMillis(9000), VENDOR)).as("95 %, the vendor's minimum away")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(latency.nextPoll(Duration.ofMillis(9500), VENDOR)).as("99 % is nearer than the vendor's minimum")
                .isEqualTo(VENDOR.next(Duration.ofMillis(9500)));
        assertThat(latency.nextPoll(Duration.ofMillis(9900), VENDOR)).as("past the slowest seen")
                .isEqualTo(VENDOR.next(Duration.ofMillis(9900)));
    }

    /** The polled-vendor target: at most 4 calls per image (submit, polls, result), here lognormal median 2 s σ 0.3. */
    @Test
    void aLognormalVendorCostsFewerThanTwoAndAHalfPollsPerTaskOnAverage() {
        LearnedLatency latency = new LearnedLatency();
        SplittableRandom random = new SplittableRandom(7);
        PollPacing kie = new PollPacing(Duration.ofSeconds(2), Duration.ofSeconds(15), 0.25);
        long polls = 0;
        int tasks = 2000;
        for (int i = 0; i < tasks; i++) {
            long done = Math.round(2000 * Math.exp(0.3 * random.nextGaussian()));
            polls += follow(latency, kie, done);
        }
        assertThat((double) polls / tasks).isLessThan(2.0);
    }

    /**
     * Regression (bench, 2026-11-30): learning the time of the poll that saw a task finished, polls
     * fitted to what was learned never came sooner, and each poll's own delay ratcheted them later: at
     * zero latency tasks were polled 16 s after submission. The middle of the last two looks is learned.
     */
    @Test
    void aVendorFasterThanLearnedIsPolledSoonerTaskAfterTask() {
        LearnedLatency latency = new LearnedLatency();
        PollPacing fast = new PollPacing(Duration.ofMillis(10), Duration.ofSeconds(10), 0.25);
        for (int i = 0; i < 300; i++) latency.finished(Duration.ofSeconds(5));
        for (int i = 0; i < 2000; i++) follow(latency, fast, 20);
        assertThat(latency.nextPoll(Duration.ZERO, fast)).isLessThan(Duration.ofMillis(100));
    }

    /** Polls a task that finishes {@code doneMillis} after submission as the follower does; returns the polls made. */
    private static int follow(LearnedLatency latency, PollPacing pacing, long doneMillis) {
        long previous = 0;
        long at = 0;
        int polls = 0;
        while (true) {
            at += latency.nextPoll(Duration.ofMillis(at), pacing).toMillis();
            polls++;
            if (at >= doneMillis) break;
            previous = at;
        }
        latency.finished(Duration.ofMillis((previous + at) / 2));
        return polls;
    }
}
