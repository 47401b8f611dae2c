package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.FalStandIn;
import io.retouch.testing.FalStandIn.Image;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN §3.9 and §3.10 as an operator meets them: the packaged jar runs a spec against a fal that
 * delivers one PNG square for an order of two 16:9 2K JPEGs. The run exits 1, and its summary (the
 * text of `status`) and `status --json` show the task FAILED with cause OUTPUT_MISMATCH, what was
 * ordered and what came, and count the output that came as stored.
 */
class OutputMismatchFunctionalTests {

    private static final String MESSAGE =
            "ordered 2 × jpeg 16:9 2K; got 1 × png 1024×1024 (wrong count, format, aspect ratio, resolution)";

    @Test
    void statusShowsWhatWasOrderedAndWhatCame(@TempDir Path home) throws Exception {
        try (FalStandIn fal = new FalStandIn(body -> body.path("prompt").asString().equals("short")
                ? List.of(new Image("png", 1024, 1024)) : List.of(new Image("png", 1200, 896)))) {
            Path spec = spec(home.resolve("job"), fal);
            // The stand-in runs on this host, so it can fetch presigned URLs of the embedded store.
            Map<String, String> env = Map.of("RETOUCH_HOME", home.resolve("retouch").toString(), "FAL_KEY", "stand-in",
                    "RETOUCH_S3_REACHABLE_BY_VENDORS", "true");

            // `run` ends by printing the run's summary exactly as `status RUN` does (ReportPrinter)
            RetouchProcess run = RetouchProcess.start(home.resolve("out"), env, "run", spec.toString());
            assertThat(run.waitFor(300)).as(run.output() + run.errors()).isEqualTo(1);
            assertThat(run.output()).contains("tasks: 2 (SUCCEEDED 1, FAILED 1)")
                    .contains("outputs stored: 2;")
                    .contains("  failures by cause:\n    OUTPUT_MISMATCH        1\n")
                    .containsPattern("    line 2 \\(poster\\), task \\d+: " + Pattern.quote(MESSAGE));

            RetouchProcess json = RetouchProcess.start(home.resolve("out"), env, "status", "1", "--json");
            assertThat(json.waitFor(120)).as(json.errors()).isZero();
            JsonNode report = new JsonMapper().readTree(json.output());
            assertThat(report.get("tasks").get("FAILED").asLong()).isEqualTo(1);
            assertThat(report.get("failures_by_cause").get("OUTPUT_MISMATCH").asLong()).isEqualTo(1);
            assertThat(report.get("outputs").asLong()).isEqualTo(2);
            JsonNode mismatch = report.get("mismatches").get(0);
            assertThat(mismatch.get("line").asLong()).isEqualTo(2);
            assertThat(mismatch.get("item_key").asString()).isEqualTo("poster");
            assertThat(mismatch.get("message").asString()).isEqualTo(MESSAGE);
            assertThat(fal.submissions()).isEqualTo(2);
        }
    }

    private static Path spec(Path dir, FalStandIn fal) throws Exception {
        Manifests.write(dir, 0);
        Files.write(dir.resolve("manifest.csv"), List.of(
                "item_key,images,prompt,aspect_ratio,resolution,output_format,num_images",
                "poster,images/in-0.png,short,16:9,2K,jpeg,2",
                "kitchen,images/in-1.png,right,4:3,1K,png,1"));
        return Manifests.spec(dir, "mismatch", """
                name: fal
                base-url: %s
                max-in-flight: 2
                poll-min: 50ms""".formatted(fal.baseUrl()), "retouch-mismatch");
    }
}
