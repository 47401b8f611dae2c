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

    /**
     * The first instant after {@code after}, or null when the schedule names none (e.g. 30 February).
     * When the clock goes back an hour, a time of day is passed twice: as crontab does, a schedule
     * with fixed hours fires at its first pass only (a nightly job runs once that night), and one that
     * fires every hour fires in both.
     */
    Instant next(Instant after) {
        ZonedDateTime next = cron.next(after.atZone(zone));
        while (next != null && !everyHour() && next.withEarlierOffsetAtOverlap().isBefore(next)) next = cron.next(next);
        return next == null ? null : next.toInstant();
    }

    private boolean everyHour() {
        String[] fields = cron.toString().trim().split("\\s+");
        return fields.length == 6 ? fields[2].equals("*") : cron.toString().trim().equals("@hourly");
    }
}
