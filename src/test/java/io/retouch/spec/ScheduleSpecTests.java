package io.retouch.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `schedule:` and `time-zone:` of a job spec: crontab's 5 fields, Spring's 6, macros; refusals name the field. */
class ScheduleSpecTests {

    private static final String BASE = """
            name: nightly
            manifest: manifest.csv
            vendor:
              name: fal
            output:
              bucket: catalog-edits
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void manifest() throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "item_key,images,prompt\n");
    }

    private JobSpec load(String extra) throws IOException {
        return new JobSpecLoader().load(Files.writeString(dir.resolve("job.yaml"), BASE + extra));
    }

    private String refusal(String extra) throws IOException {
        Path file = Files.writeString(dir.resolve("job.yaml"), BASE + extra);
        SpecException e = catchThrowableOfType(SpecException.class, () -> new JobSpecLoader().load(file));
        assertThat(e).as("refused: %s", extra).isNotNull();
        return e.getMessage();
    }

    @Test
    void aSpecWithoutScheduleHasNone() throws IOException {
        assertThat(load("").schedule()).isNull();
    }

    @Test
    void crontabFieldsAreReadMinuteFirstInUtcByDefault() throws IOException {
        JobSpec.Schedule schedule = load("schedule: \"0 2 * * *\"\n").schedule();
        assertThat(schedule).isEqualTo(new JobSpec.Schedule("0 2 * * *", "UTC"));
        ZonedDateTime next = Crons.parse(schedule.cron()).next(ZonedDateTime.of(2026, 11, 30, 12, 0, 0, 0, ZoneId.of("UTC")));
        assertThat(next).isEqualTo(ZonedDateTime.of(2026, 12, 1, 2, 0, 0, 0, ZoneId.of("UTC")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*/15 * * * * *|2026-11-30T12:00:15Z",
            "@daily|2026-12-01T00:00Z",
            "30 6 * * MON-FRI|2026-11-30T06:30Z"})
    void springsSixFieldsAndMacrosAreAccepted(String cron, String firstAfterMondayNoon) {
        var from = ZonedDateTime.parse("2026-11-30T12:00:00Z");
        var next = Crons.parse(cron).next(cron.startsWith("30 6") ? from.minusHours(6) : from);
        assertThat(next.toInstant()).isEqualTo(ZonedDateTime.parse(firstAfterMondayNoon).toInstant());
    }

    @Test
    void theTimeZoneIsKept() throws IOException {
        assertThat(load("schedule: \"0 2 * * *\"\ntime-zone: Europe/Paris\n").schedule().zone()).isEqualTo("Europe/Paris");
    }

    @Test
    void aFieldOutOfRangeIsNamed() throws IOException {
        assertThat(refusal("schedule: \"0 25 * * *\"\n")).contains("schedule: '0 25 * * *' does not parse: hour '25'");
        assertThat(refusal("schedule: \"0 2 * * MOON\"\n")).contains("day of week 'MOON'");
        assertThat(refusal("schedule: \"61 * * * * *\"\n")).contains("second '61'");
    }

    @Test
    void theWrongNumberOfFieldsIsRefused() throws IOException {
        assertThat(refusal("schedule: \"0 2 * *\"\n")).contains("schedule: '0 2 * *' has 4 fields; give 5");
    }

    @Test
    void anUnknownTimeZoneIsRefused() throws IOException {
        assertThat(refusal("schedule: \"0 2 * * *\"\ntime-zone: Europe/Pariss\n"))
                .contains("time-zone: 'Europe/Pariss' is not a time zone");
    }

    @Test
    void aTimeZoneWithoutScheduleIsRefused() throws IOException {
        assertThat(refusal("time-zone: Europe/Paris\n")).contains("time-zone: is only read with a 'schedule'");
    }
}
