package io.retouch.serve;

import io.retouch.spec.Crons;
import io.retouch.spec.JobSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/** A job spec with a schedule, and the instants its schedule names (read in its time zone). */
public record ScheduledJob(JobSpec spec, CronExpression cron, ZoneId zone) {

    static ScheduledJob of(JobSpec spec) {
        return new ScheduledJob(spec, Crons.parse(spec.schedule().cron()), ZoneId.of(spec.schedule().zone()));
    }

    public String name() {
        return spec.name();
    }

    /** e.g. {@code nightly (0 2 * * * Europe/Paris)}. */
    public String describe() {
        return name() + " (" + spec.schedule().cron() + " " + zone + ")";
    }

    /** The first instant after {@code after}, or null when the schedule names none (e.g. 30 February). */
    Instant next(Instant after) {
        ZonedDateTime next = cron.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }
}
