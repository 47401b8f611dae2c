package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bug: with an external S3 store that cannot be used (a wrong endpoint, refused credentials), `run` recorded the run
 * and failed it at its first staged input, or at dispatch; the operator was left a failed run for a setting.
 */
class StoreTroubleFunctionalTests {

    @Test
    void aStoreThatDoesNotAnswerRefusesTheRunBeforeItIsRecorded(@TempDir Path dir) throws Exception {
        String name = "store-trouble-" + System.nanoTime();
        Path spec = spec(dir, name, "");
        Map<String, String> unreachable = Map.of("retouch.s3.endpoint", "http://127.0.0.1:1",
                "retouch.s3.access-key", "someone", "retouch.s3.secret-key", "not-printed");

        Cli.Result run = Cli.runIn(dir.resolve("home"), unreachable, "run", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).as(run.toString()).contains("output.bucket: the S3 store does not answer for bucket "
                + "'retouch-store-trouble'").contains("Connection refused").contains("RETOUCH_S3_ENDPOINT")
                .doesNotContain("not-printed").doesNotContain("\tat ");
        assertThat(Cli.run("runs").out()).as("nothing recorded").doesNotContain(name);
    }

    @Test
    void aRerunIsRefusedBeforeItIsRecordedToo(@TempDir Path dir) throws Exception {
        Path spec = spec(dir, "store-trouble-rerun-" + System.nanoTime(), "  faults: \"task-failed=1.0\"\n");
        Cli.Result run = Cli.runIn(dir.resolve("home"), "run", spec.toString());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("^Run (\\d+): ", java.util.regex.Pattern.MULTILINE)
                .matcher(run.out());
        assertThat(id.find()).as(run.toString()).isTrue();
        String runs = Cli.run("runs").out();

        Cli.Result rerun = Cli.runIn(dir.resolve("home"), Map.of("retouch.s3.endpoint", "http://127.0.0.1:1",
                "retouch.s3.access-key", "someone", "retouch.s3.secret-key", "not-printed"), "rerun", id.group(1));

        assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(rerun.err()).as(rerun.toString()).contains("output.bucket: the S3 store does not answer");
        assertThat(Cli.run("runs").out()).as("no rerun recorded").isEqualTo(runs);
    }

    // An endpoint that takes the connection and never answers held `run` for the S3 client's four attempts with its
    // socket timeout each (about two minutes) before the refusal.
    @Test
    void aStoreThatNeverAnswersIsGivenUpOnWithinSeconds(@TempDir Path dir) throws Exception {
        Path spec = spec(dir, "store-silent-" + System.nanoTime(), "");
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Cli.Result run = Cli.runIn(dir.resolve("home"), Map.of("retouch.s3.endpoint",
                    "http://127.0.0.1:" + silent.getLocalPort(), "retouch.s3.access-key", "someone",
                    "retouch.s3.secret-key", "not-printed"), "run", spec.toString());
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(run.toString()).contains("output.bucket: the S3 store does not answer");
            assertThat(seconds).as("seconds before the refusal").isLessThan(40);
        }
    }

    /** A one-row job of fal on the simulator, {@code simulatorLines} added to its simulator section. */
    private static Path spec(Path dir, String name, String simulatorLines) throws Exception {
        Manifests.write(dir, 1);
        return Files.writeString(dir.resolve("job.yaml"), """
                name: %s
                manifest: manifest.csv
                vendor:
                  name: fal
                simulator:
                  latency: "fixed:20ms"
                %soutput:
                  bucket: retouch-store-trouble
                """.formatted(name, simulatorLines));
    }
}
