package io.retouch.sim.mulerun;

import io.retouch.sim.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** MuleRun's protocol as the simulator speaks it under {@code /mulerun}, on the wire (vendors.md §2). */
class MuleRunSimulatorTests {

    private static final String EDIT = "/vendors/google/v1/nano-banana-pro/edit";

    @TempDir
    Path stateDir;

    private Simulator simulator;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String image = SimClient.pngDataUri(40, 30, Color.ORANGE);

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    @BeforeEach
    void start() throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir).withLatency(LatencyModel.parse("fixed:200ms")));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anEditGoesFromPendingToImages() throws Exception {
        Reply submitted = submit(body("1:1", "1K"), "Bearer k");
        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.body().path("task_info").path("id").stringValue();
        assertThat(submitted.body().path("task_info").path("status").stringValue()).isIn("pending", "queued");
        Reply done = awaitSettled(id);
        assertThat(done.body().path("task_info").path("status").stringValue()).isIn("completed", "succeeded");
        String url = done.body().path("images").get(0).stringValue();
        assertThat(url).endsWith(".png");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);
        assertThat(simulator.ledger().countsByVendor()).containsEntry("mulerun", 1);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null", "Key k", "Bearer ", "Basic k"})
    void wantsABearerToken(String authorization) throws Exception {
        Reply reply = submit(body("1:1", "1K"), authorization);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("error").path("code").asInt()).isEqualTo(401);
        assertThat(simulator.ledger().countsByVendor()).doesNotContainKey("mulerun");
    }

    @ParameterizedTest
    @CsvSource({"auto, 1K, aspect_ratio", "1:1, 4K, resolution", "7:3, 2K, aspect_ratio"})
    void refusesWhatTheEndpointDoesNotOffer(String ratio, String resolution, String field) throws Exception {
        Reply reply = submit(body(ratio, resolution), "Bearer k");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("error").path("detail").stringValue()).contains(field);
    }

    /** The page's schema says 1–10 images (its prose 14): the simulator held adapters only to 14. */
    @Test
    void refusesMoreImagesThanThePagesSchemaAllows() throws Exception {
        Map<String, Object> body = body("1:1", "1K");
        body.put("images", java.util.Collections.nCopies(11, image));
        Reply reply = submit(body, "Bearer k");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("error").path("detail").stringValue()).contains("images: List should have at most 10 items");
    }

    @ParameterizedTest
    @CsvSource({"num_images", "output_format", "seed", "image_urls"})
    void refusesFieldsMuleRunDoesNotHave(String field) throws Exception {
        Map<String, Object> body = body("1:1", "1K");
        body.put(field, field.equals("image_urls") ? List.of(image) : field.equals("output_format") ? "png" : 1);
        Reply reply = submit(body, "Bearer k");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("error").path("detail").stringValue()).contains(field + ": Extra inputs are not permitted");
    }

    @Test
    void defaultsAre1To1At2K() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("prompt", "p", "images", List.of(image)));
        String id = submit(body, "Bearer k").body().path("task_info").path("id").stringValue();
        String url = awaitSettled(id).body().path("images").get(0).stringValue();
        byte[] png = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        java.awt.image.BufferedImage output = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(output.getWidth()).isEqualTo(2048);
        assertThat(output.getHeight()).isEqualTo(2048);
    }

    @Test
    void anUnknownTaskIs404() throws Exception {
        Reply reply = get(EDIT + "/00000000-0000-4000-8000-00000000dead");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("error").path("code").asInt()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} → HTTP {1}")
    @CsvSource(nullValues = "null", value = {"submit-5xx, 503, null", "submit-429, 429, null",
            "submit-429-retry-after, 429, 1", "out-of-credit, 402, null", "unauthorized, 401, null"})
    void refusedSubmitsSpeakMuleRunsStatuses(String fault, int status, String retryAfter) throws Exception {
        simulator.setFaults("mulerun: " + fault + "=1");
        Reply reply = submit(body("1:1", "1K"), "Bearer k");
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Retry-After").orElse(null)).isEqualTo(retryAfter);
        assertThat(reply.body().path("error").path("detail").stringValue()).isNotBlank();
        assertThat(simulator.ledger().countsByVendor()).doesNotContainKey("mulerun");
    }

    @ParameterizedTest(name = "{0} → HTTP {1}")
    @CsvSource({"poll-5xx, 502", "poll-429, 429", "poll-malformed, 200"})
    void badPollsSpeakMuleRunsStatuses(String fault, int status) throws Exception {
        String id = submit(body("1:1", "1K"), "Bearer k").body().path("task_info").path("id").stringValue();
        simulator.setFaults("mulerun: " + fault + "=1");
        Reply reply = get(EDIT + "/" + id);
        assertThat(reply.status()).isEqualTo(status);
        if (status == 200) assertThat(reply.body()).isNull();
    }

    // --- both vocabularies, rendered from a task's id ---

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "00000000-0000-4000-8000-000000000000, IN_QUEUE, SUCCEEDED, pending",
            "00000000-0000-4000-8000-000000000000, IN_PROGRESS, SUCCEEDED, processing",
            "00000000-0000-4000-8000-000000000000, COMPLETED, SUCCEEDED, completed",
            "00000000-0000-4000-8000-000000000000, COMPLETED, TASK_FAILED, failed",
            "00000000-0000-4000-8000-000000000001, IN_QUEUE, SUCCEEDED, queued",
            "00000000-0000-4000-8000-000000000001, IN_PROGRESS, SUCCEEDED, running",
            "00000000-0000-4000-8000-000000000001, COMPLETED, OUTPUT_EXPIRED, succeeded",
            "00000000-0000-4000-8000-000000000001, COMPLETED, CONTENT_BLOCKED, failed"})
    void eachTaskSpeaksOneOfTheTwoVocabularies(String id, SimRequest.Phase phase, Outcome outcome, String status) {
        Map<String, Object> info = MuleRunProtocol.taskInfo(request(id, outcome), phase, 0);
        assertThat(info).containsEntry("id", id).containsEntry("status", status);
    }

    @Test
    void failedTasksCarryTheErrorInTheirVocabularysShape() {
        Map<String, Object> endpoint = MuleRunProtocol.taskInfo(request("00000000-0000-4000-8000-00000000000a",
                Outcome.TASK_FAILED), SimRequest.Phase.COMPLETED, 0);
        assertThat(endpoint.get("error")).isEqualTo(Map.of("code", 3001, "title", "Task Execution Error",
                "detail", "Task execution failed (simulated)"));
        Map<String, Object> platform = MuleRunProtocol.taskInfo(request("00000000-0000-4000-8000-00000000000b",
                Outcome.TASK_FAILED), SimRequest.Phase.COMPLETED, 0);
        assertThat(platform).containsEntry("error_code", 4002).doesNotContainKey("error");
        Map<String, Object> blocked = MuleRunProtocol.taskInfo(request("00000000-0000-4000-8000-00000000000c",
                Outcome.CONTENT_BLOCKED), SimRequest.Phase.COMPLETED, 0);
        assertThat(blocked.get("error").toString()).contains("3001", "safety filters");
    }

    private static SimRequest request(String id, Outcome outcome) {
        EditParams params = new EditParams("p", List.of("https://x/a.png"), 1, "1:1", "1K", "png", null);
        return new SimRequest(id, "mulerun", 1, "sha", params, 1, 0, 10, 20, outcome, null, null, null);
    }

    // --- helpers ---

    private Map<String, Object> body(String ratio, String resolution) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", "Turn the jacket red");
        body.put("images", List.of(image));
        body.put("aspect_ratio", ratio);
        body.put("resolution", resolution);
        return body;
    }

    private Reply submit(Map<String, Object> body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl("/mulerun") + EDIT))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SimClient.JSON.writeValueAsBytes(body)));
        if (authorization != null) request.header("Authorization", authorization);
        return send(request);
    }

    private Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl("/mulerun") + path))
                .header("Authorization", "Bearer k").GET());
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = SimClient.JSON.readTree(response.body());
        } catch (RuntimeException e) {
            body = null;
        }
        return new Reply(response.statusCode(), body, response);
    }

    private Reply awaitSettled(String id) throws Exception {
        for (int i = 0; i < 100; i++) {
            Reply reply = get(EDIT + "/" + id);
            String status = reply.body().path("task_info").path("status").stringValue();
            if (List.of("completed", "succeeded", "failed").contains(status)) return reply;
            Thread.sleep(50);
        }
        throw new AssertionError("task " + id + " did not settle");
    }
}
