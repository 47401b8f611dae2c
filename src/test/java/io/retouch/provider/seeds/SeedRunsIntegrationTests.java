package io.retouch.provider.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.job.RunLauncher;
import io.retouch.spec.JobSpecLoader;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.RetouchTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole run — manifest, ingest, dispatch, collect, S3 — against a loopback server that answers as
 * each vendor's own page documents: the row is the page's example edit, the submit must arrive on
 * the page's method, path and auth scheme, and the page's example answer (its image URL pointed at
 * the server) must end as a stored output. The polls after a submit, which the pages do not show,
 * answer in the shape vendors.md records.
 */
@RetouchTest
@TestPropertySource(properties = {"FAL_KEY=" + RecordingServer.KEY, "MULERUN_API_KEY=" + RecordingServer.KEY,
        "RUNFLOW_API_KEY=" + RecordingServer.KEY, "SINANCODE_API_KEY=" + RecordingServer.KEY,
        "AIMLAPI_API_KEY=" + RecordingServer.KEY})
class SeedRunsIntegrationTests {

    @Autowired RunLauncher launcher;
    @Autowired TaskStore tasks;
    @Autowired ObjectStore store;
    @Autowired JdbcClient jdbc;

    /** The page's example edit as a manifest row. */
    private record Row(List<String> images, String prompt, String aspectRatio, String resolution) {}

    @Test
    void muleRun(@TempDir Path dir) throws Exception {
        SeedPage page = SeedPage.of("MuleRun");
        SeedPage.Example example = page.curl();
        JsonNode answer = page.answerAfterCurl();
        String id = answer.get("task_info").get("id").stringValue();
        try (var server = new RecordingServer()) {
            byte[] image = png(2048, 1638); // 5:4 at 2K
            server.answer(example.path(), 202, answer.toString());
            server.answer(example.path() + "/" + id, 200, """
                    {"task_info":{"id":"%s","status":"completed"},"images":["%s"],"description":""}"""
                    .formatted(id, server.serve("/out/edited.png", image, "image/png")));
            JsonNode b = example.body();
            runs(dir, "mulerun", server, example, new Row(SeedPage.strings(b.get("images")), b.get("prompt").stringValue(),
                    b.get("aspect_ratio").stringValue(), b.get("resolution").stringValue()), image);
        }
    }

    @Test
    void sinanCode(@TempDir Path dir) throws Exception {
        SeedPage page = SeedPage.of("SinanCode");
        SeedPage.Example example = page.curl();
        JsonNode answer = page.answerAfterCurl();
        String id = answer.get("task_id").stringValue();
        try (var server = new RecordingServer()) {
            byte[] image = png(1024, 1024); // 1:1, the original Nano Banana's ~1K
            server.answer(example.path(), 200, answer.toString());
            server.answer("/v1/tasks/" + id, 200, """
                    {"id":"%s","status":"completed","result":["%s"]}"""
                    .formatted(id, server.serve("/out/edited.png", image, "image/png")));
            JsonNode b = example.body();
            runs(dir, "sinancode", server, example, new Row(SeedPage.strings(b.get("image_urls")),
                    b.get("prompt").stringValue(), b.get("image_size").stringValue(), "1K"), image);
        }
    }

    @Test
    void aimlapi(@TempDir Path dir) throws Exception {
        SeedPage page = SeedPage.of("AIMLAPI");
        SeedPage.Example example = page.python();
        ObjectNode answer = page.jsonBlockAfter("<summary>Response</summary>");
        try (var server = new RecordingServer()) {
            byte[] image = png(1376, 768); // 16:9 at 1K
            ((ObjectNode) answer.get("data").get(0)).put("url", server.serve("/out/edited.png", image, "image/png"));
            server.answer(example.path(), 200, answer.toString());
            JsonNode b = example.body();
            runs(dir, "aimlapi", server, example, new Row(SeedPage.strings(b.get("image_urls")), b.get("prompt").stringValue(),
                    b.get("aspect_ratio").stringValue(), b.get("resolution").stringValue()), image);
        }
    }

    @Test
    void fal(@TempDir Path dir) throws Exception {
        SeedPage page = SeedPage.of("fal.ai");
        SeedPage.Example example = page.curl();
        ObjectNode full = page.jsonBlockAfter("**Full Example**:");
        ObjectNode result = page.jsonBlockAfter("**Example Response**:");
        String requests = "/fal-ai/nano-banana-pro/requests/seed-1";
        try (var server = new RecordingServer()) {
            byte[] image = png(1024, 1024); // auto at 1K
            ((ObjectNode) result.get("images").get(0)).put("url", server.serve("/out/edited.png", image, "image/png"));
            server.answer(example.path(), 200, "{\"request_id\":\"seed-1\",\"status\":\"IN_QUEUE\"}");
            server.answer(requests + "/status", 200, "{\"status\":\"COMPLETED\"}");
            server.answer(requests, 200, result.toString());
            runs(dir, "fal", server, example, new Row(SeedPage.strings(full.get("image_urls")), full.get("prompt").stringValue(),
                    full.get("aspect_ratio").stringValue(), full.get("resolution").stringValue()), image);
        }
    }

    /** The page's examples send no image and read {@code images[0].url} from the POST's own answer. */
    @Test
    void runflow(@TempDir Path dir) throws Exception {
        SeedPage page = SeedPage.of("Runflow");
        SeedPage.Example example = page.curl();
        try (var server = new RecordingServer()) {
            byte[] image = png(1024, 1024); // auto (the page's default) at 1K
            server.answer(example.path(), 200, "{\"images\":[{\"url\":\"%s\"}]}"
                    .formatted(server.serve("/out/edited.png", image, "image/png")));
            runs(dir, "runflow", server, example, new Row(List.of("https://example.com/headshot.png"),
                    example.body().get("prompt").stringValue(), "auto", "1K"), image);
        }
    }

    private void runs(Path dir, String vendor, RecordingServer server, SeedPage.Example example, Row row, byte[] output)
            throws Exception {
        Files.write(dir.resolve("manifest.csv"), List.of("item_key,images,prompt,aspect_ratio,resolution,output_format",
                "seed-example," + String.join("|", row.images()) + "," + csv(row.prompt()) + "," + row.aspectRatio()
                        + "," + row.resolution() + ",png"));
        Path spec = dir.resolve("seed-" + vendor + ".yaml");
        Files.writeString(spec, """
                name: seed-%s
                manifest: manifest.csv
                vendor:
                  name: %s
                  base-url: %s
                  poll-min: 50ms
                output:
                  bucket: retouch-seed-runs
                """.formatted(vendor, vendor, server.baseUrl()));

        long run = launcher.create(new JobSpecLoader().load(spec));
        assertThat(launcher.start(run)).isEqualTo(BatchStatus.COMPLETED);

        Task task = tasks.allIn(run, Set.of(TaskState.values())).getFirst();
        assertThat(task.state()).as("the task of the page's example").isEqualTo(TaskState.SUCCEEDED);
        RecordingServer.Request submit = server.requests().stream().filter(r -> r.path().equals(example.path()))
                .findFirst().orElseThrow(() -> new AssertionError("no request on the page's path " + example.path()
                        + " among " + server.requests()));
        assertThat(submit.method()).isEqualTo(example.method());
        assertThat(submit.header("Authorization")).startsWith(example.authScheme() + " ");
        S3Location stored = jdbc.sql("SELECT bucket, object_key FROM output WHERE run_id = ?").param(run)
                .query((rs, n) -> new S3Location(rs.getString(1), rs.getString(2))).single();
        assertThat(store.get(stored)).as("the page's answer, stored").isEqualTo(output);
    }

    private static String csv(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static byte[] png(int width, int height) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
