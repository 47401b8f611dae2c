package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.storage.ImageProbe;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.testing.RetouchTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.retouch.task.TaskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every demo spec under jobs/ — one per vendor, and the mixed one — runs to COMPLETED on the
 * in-process simulator with every accepted row SUCCEEDED and a real image in S3 for every output,
 * whose SHA-256 matches its record. Run in-process (not as a child JVM) to keep the suite quick.
 */
@RetouchTest
class DemoSpecsIntegrationTests {

    @Autowired RunLauncher launcher;
    @Autowired RunReports reports;
    @Autowired ObjectStore store;
    @Autowired JdbcClient jdbc;
    @Autowired TaskStore tasks;

    static Stream<Path> demoSpecs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("jobs"))) {
            return files.filter(f -> f.getFileName().toString().matches("demo-.*\\.yaml"))
                    .filter(f -> !f.endsWith("demo-mixed.yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoSpecs")
    void theVendorsDemoCompletesWithEveryGoodRowSucceeded(Path specFile) throws Exception {
        runToCompletion(specFile);
    }

    @Test
    void theMixedDemoSplitsRowsByShareAmongTheVendorsThatCanServeThem() throws Exception {
        long run = runToCompletion(Path.of("jobs/demo-mixed.yaml"));
        // 22 good rows at shares fal 2 : mulerun 1 : kie 1; four rows only fal or kie can serve (auto, webp,
        // 4K), one names kie, one names MuleRun and asks for two images: two tasks there
        assertThat(tasks.rowsByVendor(run)).isEqualTo(Map.of("fal", 11L, "mulerun", 5L, "kie", 6L));
        assertThat(reports.of(run).byVendor().get("mulerun")).containsEntry("SUCCEEDED", 6L);
        assertThat(reports.of(run).rejected()).extracting(RunReport.Rejection::reason).containsExactly(
                "vendor 'midjourney' is not one of this run's vendors [fal, mulerun, kie]",
                "vendor 'mulerun' cannot serve this row: resolution '4K' is not one of [1K, 2K]");
    }

    private long runToCompletion(Path specFile) throws Exception {
        JobSpec spec = new JobSpecLoader().load(specFile);
        assertThat(spec.simulated()).as("demo specs run offline").isTrue();
        long run = launcher.create(spec);
        assertThat(launcher.start(run)).isEqualTo(BatchStatus.COMPLETED);

        RunReport report = reports.of(run);
        assertThat(report.status()).isEqualTo("COMPLETED");
        assertThat(report.count("SUCCEEDED")).as("every accepted row succeeded: %s", report.tasks()).isEqualTo(report.total());
        assertThat(report.total()).isPositive();
        assertThat(report.byVendor().keySet()).containsExactlyInAnyOrderElementsOf(spec.vendorNames());
        assertThat(report.rejected()).allSatisfy(r -> assertThat(r.itemKey()).startsWith("bad-"));
        assertThat(report.outputs()).isGreaterThanOrEqualTo(report.total());
        assertEveryOutputIsAStoredImage(run);
        return run;
    }

    private void assertEveryOutputIsAStoredImage(long run) throws Exception {
        List<Map<String, Object>> outputs = jdbc.sql("SELECT bucket, object_key, sha256, width, height FROM output WHERE run_id = ?")
                .param(run).query().listOfRows();
        for (Map<String, Object> o : outputs) {
            byte[] bytes = store.get(new S3Location((String) o.get("bucket"), (String) o.get("object_key")));
            ImageProbe image = ImageProbe.of(bytes);
            assertThat(image).as("%s is an image", o.get("object_key")).isNotNull();
            assertThat(image.width()).isEqualTo(o.get("width"));
            assertThat(image.height()).isEqualTo(o.get("height"));
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(o.get("sha256"));
        }
    }
}
