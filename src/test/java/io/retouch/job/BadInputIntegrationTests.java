package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.spec.JobSpecLoader;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Bad rows of a real manifest are rejected with line and reason; every other row runs (DESIGN §3.7). */
@RetouchTest
class BadInputIntegrationTests {

    @Autowired RunLauncher launcher;
    @Autowired RunReports reports;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectStore store;
    @Autowired RunFailures failures;

    @TempDir
    Path dir;

    private long run(byte[] manifest) throws Exception {
        Manifests.write(dir, 0); // the images
        Files.write(dir.resolve("manifest.csv"), manifest);
        Files.writeString(dir.resolve("job.yaml"), """
                name: bad-input
                manifest: manifest.csv
                vendor:
                  name: fal
                  poll-min: 50ms
                simulator:
                  latency: "fixed:20ms"
                output:
                  bucket: retouch-bad-input
                """);
        long run = launcher.create(new JobSpecLoader().load(dir.resolve("job.yaml")));
        assertThat(launcher.start(run)).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }

    private List<String> prompts(long run) {
        return jdbc.sql("SELECT request->>'prompt' FROM task WHERE run_id = ? ORDER BY line_no").param(run).query(String.class).list();
    }

    // Bug: a prompt with bytes that are not UTF-8 was sent to the vendor with U+FFFD in their place.
    @Test
    void aPromptWithBytesThatAreNotUtf8IsRejectedAndEveryOtherRowIsIngested() throws Exception {
        String long1 = "Caf\u00e9 cr\u00e8me" + " on a table".repeat(800); // the bad row starts past the first 8 KB
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(("item_key,images,prompt\nmug-1,images/in-0.png," + long1 + "\n").getBytes(StandardCharsets.UTF_8));
        csv.writeBytes("mug-2,images/in-1.png,Caf\u00e9 noir\n".getBytes(StandardCharsets.ISO_8859_1)); // é as the one byte 0xE9
        csv.writeBytes("mug-3,images/in-2.png,\"Two lines,\nstill \u00fcber fine\"\nmug-4,images/in-3.png,last\n".getBytes(StandardCharsets.UTF_8));

        long run = run(csv.toByteArray());

        RunReport report = reports.of(run);
        assertThat(report.rejected()).containsExactly(new RunReport.Rejection(3, "mug-2",
                "prompt has bytes that are not UTF-8 at line 3, column 26; save the manifest as UTF-8"));
        assertThat(prompts(run)).containsExactly(long1, "Two lines,\nstill \u00fcber fine", "last");
        assertThat(report.count("SUCCEEDED")).isEqualTo(3);
    }

    // Bug: a/./b and a/b both SUCCEEDED, and the embedded S3 store wrote both outputs to one object.
    @Test
    void aRunWhoseManifestWentMissingStopsWithItsCauseForTheConsole() throws Exception {
        Manifests.write(dir, 1);
        Files.writeString(dir.resolve("job.yaml"), """
                name: gone
                manifest: manifest.csv
                vendor:
                  name: fal
                simulator:
                  latency: "fixed:20ms"
                output:
                  bucket: retouch-gone
                """);
        long run = launcher.create(new JobSpecLoader().load(dir.resolve("job.yaml")));
        Files.delete(dir.resolve("manifest.csv"));

        assertThat(launcher.start(run)).isEqualTo(BatchStatus.FAILED);
        assertThat(failures.take(run)).hasValueSatisfying(cause -> assertThat(cause).contains("manifest.csv"));
        assertThat(failures.take(run)).as("said once").isEmpty();
    }

    @Test
    void twoRowsNeverShareAnOutputObject() throws Exception {
        long run = run("""
                item_key,images,prompt
                a/b,images/in-0.png,first
                a/./b,images/in-1.png,second
                a//b,images/in-2.png,third
                b,images/in-3.png,fourth
                b/,images/in-0.png,fifth
                """.getBytes(StandardCharsets.UTF_8));

        List<Map<String, Object>> outputs = jdbc.sql("SELECT bucket, object_key, sha256 FROM output WHERE run_id = ?")
                .param(run).query().listOfRows();
        assertThat(outputs).as("each output is still the object its record names").allSatisfy(o -> assertThat(sha256(
                store.get(new S3Location((String) o.get("bucket"), (String) o.get("object_key"))))).isEqualTo(o.get("sha256")));
        assertThat(reports.of(run).rejected()).extracting(RunReport.Rejection::itemKey).containsExactly("a/./b", "a//b", "b/");
        assertThat(prompts(run)).containsExactly("first", "fourth");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
