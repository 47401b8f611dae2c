package io.retouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.spec.Crons;
import io.retouch.spec.JobSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledJobTests {

    private static List<Instant> firings(String cron, String from, int count) {
        JobSpec spec = new JobSpec("nightly", Path.of("nightly.yaml"), null, null, List.of(), null, null,
                new JobSpec.Schedule(cron, "Europe/Paris"), null, 1, null);
        ScheduledJob job = new ScheduledJob(spec, Crons.parse(cron), ZoneId.of("Europe/Paris"));
        List<Instant> at = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) at.add(t = job.next(t));
        return at;
    }

    // Bug (review): Spring's CronExpression names 02:30 twice on the night Paris goes from 03:00 back to 02:00,
    // so a nightly job ran (and paid) twice that night
    @Test
    void aNightlyJobInTheHourTheClockRepeatsRunsOnce() {
        assertThat(firings("30 2 * * *", "2026-10-24T12:00:00Z", 3)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 summer time
                Instant.parse("2026-10-26T01:30:00Z"), // next night, winter time: not 2026-10-25T01:30Z
                Instant.parse("2026-10-27T01:30:00Z"));
    }

    @Test
    void anHourlyJobFiresInBothPassesOfTheRepeatedHour() {
        assertThat(firings("30 * * * *", "2026-10-25T00:00:00Z", 3)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-25T02:30:00Z"));
    }

    @Test
    void anInstantTheClockSkipsIsNotFiredThatDay() {
        // 02:30 does not exist on 2026-03-29 in Paris (02:00 → 03:00)
        assertThat(firings("30 2 * * *", "2026-03-28T12:00:00Z", 1)).containsExactly(Instant.parse("2026-03-30T00:30:00Z")); // the next night
    }
}
