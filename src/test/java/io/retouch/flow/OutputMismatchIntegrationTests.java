package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.job.RunSpecs;
import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.RunStore;
import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.storage.ImageProbe;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.task.NewTask;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskStore;
import io.retouch.testing.FalStandIn;
import io.retouch.testing.FalStandIn.Image;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * DESIGN §3.9 through the real pipeline (dispatcher, fal adapter over HTTP, PostgreSQL, S3): a vendor
 * that delivers other images than ordered gets them stored and audited, and the task ends FAILED
 * with cause OUTPUT_MISMATCH, never SUCCEEDED; the report says what was ordered and what came.
 */
@RetouchTest
@TestPropertySource(properties = "FAL_KEY=mismatch-test-key")
class OutputMismatchIntegrationTests {

    @Autowired Dispatcher dispatcher;
    @Autowired Vendors vendors;
    @Autowired TaskStore tasks;
    @Autowired RunStore runs;
    @Autowired RunSpecs specs;
    @Autowired RunReports reports;
    @Autowired ObjectStore store;
    @Autowired JdbcClient jdbc;

    /** By prompt: one PNG square for a 2 × JPEG 16:9 2K order, the order itself, two images for one. */
    private static List<Image> deliver(tools.jackson.databind.JsonNode body) {
        return switch (body.path("prompt").asString()) {
            case "short" -> List.of(new Image("png", 1024, 1024));
            case "right" -> List.of(new Image("png", 1200, 896));
            case "extra" -> List.of(new Image("png", 1024, 1024), new Image("png", 1024, 1024));
            default -> throw new IllegalArgumentException(body.toString());
        };
    }

    @Test
    void aResultOtherThanTheOrderIsStoredAndFlaggedNotCalledASuccess(@TempDir Path dir) throws Exception {
        try (FalStandIn fal = new FalStandIn(OutputMismatchIntegrationTests::deliver)) {
            JobSpec spec = spec(dir, fal);
            long run = runs.create(spec.name(), spec.specFile().toString(), specs.toJson(spec));
            tasks.insertAll(List.of(
                    new NewTask(run, "poster", 2, "fal", request("short", "jpeg", "16:9", "2K", 2)),
                    new NewTask(run, "kitchen", 3, "fal", request("right", "png", "4:3", "1K", 1)),
                    // a row split over two one-image tasks, each of which gets two images
                    new NewTask(run, "pair", 4, "fal", request("extra", "png", "1:1", "1K", 1), 2)));

            try (Vendors.Opened opened = vendors.open(run, spec)) {
                dispatcher.dispatch(opened.context());
            }

            RunReport report = reports.of(run);
            assertThat(report.count("SUCCEEDED")).isEqualTo(1);
            assertThat(report.failuresByCause()).isEqualTo(Map.of("OUTPUT_MISMATCH", 3L));
            assertThat(report.mismatches()).extracting(RunReport.Mismatch::line, RunReport.Mismatch::itemKey,
                    RunReport.Mismatch::message).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, "poster",
                            "ordered 2 × jpeg 16:9 2K; got 1 × png 1024×1024 (wrong count, format, aspect ratio, resolution)"),
                    org.assertj.core.groups.Tuple.tuple(4L, "pair", "ordered 1 × png 1:1 1K; got 2 × png 1024×1024 (wrong count)"),
                    org.assertj.core.groups.Tuple.tuple(4L, "pair", "ordered 1 × png 1:1 1K; got 2 × png 1024×1024 (wrong count)"));
            assertThat(fal.submissions()).as("paid once per task, never again for a mismatch").isEqualTo(4);

            // every image that came is in S3, under the type its bytes have, recorded and audited
            assertThat(report.outputs()).isEqualTo(1 + 1 + 4);
            assertStored(run, "poster", List.of("mismatch/" + run + "/poster/0.png"));
            assertStored(run, "pair", List.of("mismatch/" + run + "/pair/0.png", "mismatch/" + run + "/pair/1.png",
                    "mismatch/" + run + "/pair/2.png", "mismatch/" + run + "/pair/3.png"));
            assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE run_id = ? AND operation = 'store'")
                    .param(run).query(Long.class).single()).isEqualTo(6);
            assertThat(jdbc.sql("SELECT message FROM audit_record WHERE run_id = ? AND operation = 'check' ORDER BY id")
                    .param(run).query(String.class).list()).hasSize(3).allSatisfy(m -> assertThat(m).startsWith("ordered "));
        }
    }

    private void assertStored(long run, String item, List<String> keys) {
        List<String> recorded = jdbc.sql("""
                SELECT o.object_key FROM output o JOIN task t ON t.id = o.task_id
                WHERE o.run_id = ? AND t.item_key = ? ORDER BY o.idx""").params(run, item).query(String.class).list();
        assertThat(recorded).isEqualTo(keys);
        for (String key : keys) {
            ImageProbe probe = ImageProbe.of(store.get(new S3Location("retouch-mismatch", key)));
            assertThat(probe).as(key).isEqualTo(new ImageProbe("image/png", 1024, 1024));
        }
    }

    private static TaskRequest request(String prompt, String format, String ratio, String resolution, int count) {
        return new TaskRequest(prompt, List.of("https://example.com/in.png"), ratio, resolution, format, count, null);
    }

    private static JobSpec spec(Path dir, FalStandIn fal) throws Exception {
        Manifests.write(dir, 1);
        return new JobSpecLoader().load(Manifests.spec(dir, "mismatch", """
                name: fal
                base-url: %s
                max-in-flight: 4
                requests-per-second: 200
                poll-min: 50ms
                task-timeout: 1m""".formatted(fal.baseUrl()), "retouch-mismatch"));
    }
}
