package io.retouch.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What serve reads from its --jobs folder: scheduled specs, the others, and the refused ones with why. */
class JobFolderTests {

    @TempDir
    Path dir;

    private void spec(String file, String name, String extra) throws IOException {
        Files.writeString(dir.resolve(file), """
                name: %s
                manifest: manifest.csv
                vendor:
                  name: fal
                output:
                  bucket: catalog-edits
                %s""".formatted(name, extra));
    }

    @Test
    void scheduledSpecsAreFiredOthersAreLeftAndBadOnesReported() throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "item_key,images,prompt\n");
        spec("nightly.yaml", "nightly", "schedule: \"0 2 * * *\"\ntime-zone: Europe/Paris\n");
        spec("by-hand.yml", "by-hand", "");
        spec("broken.yaml", "broken", "schedule: \"0 25 * * *\"\n");
        spec("twin.yaml", "nightly", "schedule: \"@hourly\"\n");
        Files.writeString(dir.resolve("notes.txt"), "not a spec");

        JobFolder folder = JobFolder.read(dir);

        assertThat(folder.scheduled()).extracting(ScheduledJob::describe).containsExactly("nightly (0 2 * * * Europe/Paris)");
        assertThat(folder.unscheduled()).containsExactly(dir.resolve("by-hand.yml"));
        assertThat(folder.refused()).containsOnlyKeys(dir.resolve("broken.yaml"), dir.resolve("twin.yaml"));
        assertThat(folder.refused().get(dir.resolve("broken.yaml"))).contains("hour '25'");
        assertThat(folder.refused().get(dir.resolve("twin.yaml"))).contains("name 'nightly' is also the name of");
        // 02:00 in Paris is 01:00 UTC in winter
        assertThat(folder.scheduled().getFirst().next(Instant.parse("2026-11-30T12:00:00Z"))).isEqualTo("2026-12-01T01:00:00Z");
    }

    @Test
    void aFolderThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> JobFolder.read(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such folder");
    }
}
