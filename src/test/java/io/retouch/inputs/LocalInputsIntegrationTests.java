package io.retouch.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.job.RunLauncher;
import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.spec.SpecException;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local inputs and a store on this host (the test S3 is on loopback, like the embedded one) with
 * real, non-simulated vendors: a vendor that only fetches URLs is refused before the run is
 * recorded; MuleRun, which takes data: URIs, gets the staged bytes inline.
 */
@RetouchTest
@TestPropertySource(properties = {"FAL_KEY=local-inputs-test-key", "MULERUN_API_KEY=local-inputs-test-key"})
class LocalInputsIntegrationTests {

    @Autowired RunLauncher launcher;
    @Autowired TaskStore tasks;
    @Autowired ObjectStore store;
    @Autowired JdbcClient jdbc;

    @Test
    void aUrlOnlyVendorWithLocalInputsAndAStoreOnThisHostIsRefusedBeforeTheRunIsRecorded(@TempDir Path dir) throws Exception {
        Manifests.write(dir, 3);
        Path file = Manifests.spec(dir, "local-to-fal", """
                name: fal
                base-url: http://127.0.0.1:9/never-called""", "retouch-local-inputs");
        JobSpec spec = new JobSpecLoader().load(file);

        assertThatThrownBy(() -> launcher.create(spec))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).problems()).singleElement().asString()
                        .startsWith("vendors.fal: fal fetches input images by URL and cannot reach the S3 store: the S3 endpoint ")
                        .contains("Manifest line 2 has the input 'images/in-0.png', which would reach fal through that store.")
                        .contains("Use an S3 store the vendor can reach (docs/production.md#s3), give inputs as http(s) URLs,"
                                + " or use a vendor that takes inline images (aimlapi, gemini, gemini-batch, mulerun)."));
        assertThat(jdbc.sql("SELECT count(*) FROM run WHERE spec_path = ?").param(file.toString()).query(Long.class).single())
                .isZero();
    }

    @Test
    void theSameVendorWithHttpInputsNeedsNoStore(@TempDir Path dir) throws Exception {
        Manifests.write(dir, 1);
        Files.write(dir.resolve("manifest.csv"), List.of("item_key,images,prompt", "a,https://example.com/a.png,edit"));
        JobSpec spec = new JobSpecLoader().load(Manifests.spec(dir, "urls-to-fal", """
                name: fal
                base-url: http://127.0.0.1:9/never-called""", "retouch-local-inputs"));

        assertThat(launcher.create(spec)).isPositive();
    }

    @Test
    void muleRunGetsEachLocalInputInlineAsADataUriOfTheStagedBytes(@TempDir Path dir) throws Exception {
        Manifests.write(dir, 2);
        // What MuleRun delivers must be what was ordered (4:3 at 1K), or the task fails as OUTPUT_MISMATCH.
        try (RecordingMuleRun mulerun = new RecordingMuleRun(png(1200, 896))) {
            JobSpec spec = new JobSpecLoader().load(Manifests.spec(dir, "local-to-mulerun", """
                    name: mulerun
                    base-url: %s
                    poll-min: 50ms""".formatted(mulerun.baseUrl()), "retouch-local-inputs"));

            long run = launcher.create(spec);
            assertThat(launcher.start(run)).isEqualTo(BatchStatus.COMPLETED);

            List<Task> done = tasks.allIn(run, Set.of(TaskState.values()));
            assertThat(done).hasSize(2).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED));
            assertThat(mulerun.submits()).hasSize(2);
            for (Task task : done) {
                String staged = task.request().inputs().getFirst();
                assertThat(staged).as("the task row keeps the s3:// location, never the bytes").startsWith("s3://");
                byte[] bytes = store.get(S3Location.parse(staged));
                assertThat(bytes).isEqualTo(Files.readAllBytes(dir.resolve("images/in-" + (task.lineNo() - 2) + ".png")));
                String image = sentImageFor(mulerun.submits(), task.request().prompt());
                assertThat(image).startsWith("data:image/png;base64,");
                assertThat(Base64.getDecoder().decode(image.substring("data:image/png;base64,".length()))).isEqualTo(bytes);
            }
            assertThat(jdbc.sql("SELECT count(*) FROM task WHERE run_id = ? AND request::text LIKE '%base64%'")
                    .param(run).query(Long.class).single()).isZero();
        }
    }

    private static String sentImageFor(List<String> bodies, String prompt) {
        JsonMapper json = JsonMapper.builder().build();
        for (String body : bodies) {
            JsonNode node = json.readTree(body);
            if (node.path("prompt").asString().equals(prompt)) {
                assertThat(node.path("images")).hasSize(1);
                return node.path("images").get(0).asString();
            }
        }
        throw new AssertionError("no submit with prompt '" + prompt + "' among " + bodies.size());
    }

    private static byte[] png(int width, int height) throws java.io.IOException {
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", out);
        return out.toByteArray();
    }
}
