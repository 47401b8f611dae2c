package io.retouch.spec;

import java.time.DateTimeException;
import java.time.ZoneId;

/** {@code schedule:} and {@code time-zone:} of a job spec: when `retouch serve` starts the job. */
final class ScheduleReader {

    private ScheduleReader() {
    }

    /** The schedule, or null when the spec has none (problems are added to the reader). */
    static JobSpec.Schedule read(SpecReader r) {
        String zone = r.has("time-zone") ? r.parsed("time-zone", null, ScheduleReader::zone) : "UTC";
        if (!r.has("schedule")) {
            if (r.has("time-zone")) r.problem("time-zone", "is only read with a 'schedule' (give one, or remove time-zone)");
            return null;
        }
        String cron = r.parsed("schedule", null, text -> {
            Crons.parse(text);
            return text;
        });
        return cron == null || zone == null ? null : new JobSpec.Schedule(cron, zone);
    }

    private static String zone(String text) {
        try {
            return ZoneId.of(text).getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time zone (give a region such as Europe/Paris, or UTC)");
        }
    }
}
