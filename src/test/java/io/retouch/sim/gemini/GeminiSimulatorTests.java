package io.retouch.sim.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.sim.LatencyModel;
import io.retouch.sim.SimClient;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The Gemini API as the simulator speaks it under {@code /gemini} and {@code /gemini-batch}, on the wire (vendors.md §7). */
class GeminiSimulatorTests {

    private static final String GENERATE = "/v1beta/models/gemini-3-pro-image-preview:generateContent";
    private static final String CREATE = "/v1beta/models/gemini-3-pro-image-preview:batchGenerateContent";
    private static final String PNG = Base64.getEncoder().encodeToString(SimClient.png(40, 30, Color.ORANGE));

    @TempDir
    Path stateDir;

    private Simulator simulator;
    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
        String status(String field) {
            return body.path("error").path(field).asString();
        }
    }

    @BeforeEach
    void start() throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir).withLatency(LatencyModel.parse("fixed:200ms")));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anEditIsAnsweredInlineAfterTheModelsThoughts() throws Exception {
        Reply reply = post("/gemini", GENERATE, request("""
                "generation_config": {"response_modalities": ["IMAGE"], "image_config": {"aspect_ratio": "16:9", "image_size": "1K"}}"""),
                "k");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode parts = reply.body().path("candidates").get(0).path("content").path("parts");
        assertThat(parts.get(0).path("thought").asBoolean()).isTrue();
        assertThat(parts.get(2).path("inlineData").path("mimeType").asString()).isEqualTo("image/png");
        assertThat(reply.body().path("candidates").get(0).path("finishReason").asString()).isEqualTo("STOP");
        assertThat(simulator.ledger().countsByVendor()).containsEntry("gemini", 1);
    }

    @Test
    void withoutAKeyGoogleAnswers403() throws Exception {
        Reply reply = post("/gemini", GENERATE, request(""), null);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.status("status")).isEqualTo("PERMISSION_DENIED");
        assertThat(post("/gemini", GENERATE + "?key=k", request(""), null).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown field      | \"temperature\": 1                                                | Unknown name \"temperature\"",
            "auto sent          | \"generationConfig\": {\"imageConfig\": {\"aspectRatio\": \"auto\"}} | image_config.aspect_ratio",
            "bad size           | \"generationConfig\": {\"imageConfig\": {\"imageSize\": \"8K\"}}     | Supported values are 1K, 2K, 4K",
            "unknown config     | \"generationConfig\": {\"imageConfig\": {\"outputMimeType\": \"x\"}} | Unknown name \"outputMimeType\"",
            "seed beyond int32  | \"generationConfig\": {\"seed\": 4294967296}                      | TYPE_INT32",
            "text only          | \"generationConfig\": {\"responseModalities\": [\"TEXT\"]}          | must include IMAGE"})
    void aRequestGoogleWouldRefuseIs400InvalidArgument(String name, String extra, String message) throws Exception {
        Reply reply = post("/gemini", GENERATE, request(extra), "k");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.status("status")).isEqualTo("INVALID_ARGUMENT");
        assertThat(reply.status("message")).contains(message);
        assertThat(simulator.ledger().countsByVendor()).doesNotContainKey("gemini");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "image/gif  | R0lGODlh  | Unsupported MIME type: image/gif",
            "image/png  | %%%       | Base64 decoding failed",
            "image/png  | aGVsbG8=  | Unable to process input image"})
    void anInlineImageGoogleCannotReadIs400(String mime, String data, String message) throws Exception {
        String body = "{\"contents\":[{\"parts\":[{\"text\":\"p\"},{\"inlineData\":{\"mimeType\":\"" + mime
                + "\",\"data\":\"" + data + "\"}}]}]}";
        Reply reply = post("/gemini", GENERATE, body, "k");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.status("message")).contains(message);
        assertThat(simulator.ledger().countsByVendor()).doesNotContainKey("gemini");
    }

    @Test
    void moreThanFourteenImagesAreRefused() throws Exception {
        List<String> parts = new ArrayList<>(List.of("{\"text\":\"p\"}"));
        parts.addAll(Collections.nCopies(15, "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"" + PNG + "\"}}"));
        Reply reply = post("/gemini", GENERATE, "{\"contents\":[{\"parts\":[" + String.join(",", parts) + "]}]}", "k");
        assertThat(reply.status("message")).contains("Too many images");
    }

    @Test
    void anUnknownModelIs404() throws Exception {
        Reply reply = post("/gemini", "/v1beta/models/gemini-2.5-flash-image:generateContent", request(""), "k");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.status("status")).isEqualTo("NOT_FOUND");
    }

    @Test
    void aBatchRunsItsRowsAndAnswersEachByKey() throws Exception {
        String rows = "{\"request\":" + request("") + ",\"metadata\":{\"key\":\"row-1\"}},"
                + "{\"request\":" + request("") + ",\"metadata\":{\"key\":\"row-2\"}}";
        Reply created = post("/gemini-batch", CREATE, "{\"batch\":{\"display_name\":\"mine\",\"input_config\":"
                + "{\"requests\":{\"requests\":[" + rows + "]}}}}", "k");
        assertThat(created.status()).isEqualTo(200);
        String name = created.body().path("name").asString();
        assertThat(name).startsWith("batches/");
        assertThat(created.body().path("metadata").path("displayName").asString()).isEqualTo("mine");
        assertThat(simulator.ledger().countsByVendor()).containsEntry("gemini-batch", 2);
        JsonNode done = awaitDone(name);
        assertThat(done.path("metadata").path("state").asString()).isEqualTo("BATCH_STATE_SUCCEEDED");
        JsonNode results = done.path("response").path("inlinedResponses").path("inlinedResponses");
        List<String> keys = new ArrayList<>();
        results.values().forEach(row -> keys.add(row.path("metadata").path("key").asString()));
        assertThat(keys).containsExactlyInAnyOrder("row-1", "row-2");
        assertThat(get("/gemini-batch", "/v1beta/batches").body().path("operations").size()).isEqualTo(1);
        Reply cancel = post("/gemini-batch", "/v1beta/" + name + ":cancel", "{}", "k");
        assertThat(cancel.status()).isEqualTo(400);
        assertThat(cancel.status("status")).isEqualTo("FAILED_PRECONDITION");
        assertThat(get("/gemini-batch", "/v1beta/batches/nope").status()).isEqualTo(404);
    }

    @Test
    void aBatchWithAnUnreadableRowIsRefusedWholeAndUnpaid() throws Exception {
        String bad = "{\"contents\":[{\"parts\":[{\"text\":\"p\"},{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"aGVsbG8=\"}}]}]}";
        Reply reply = post("/gemini-batch", CREATE, "{\"batch\":{\"inputConfig\":{\"requests\":{\"requests\":["
                + "{\"request\":" + request("") + "},{\"request\":" + bad + "}]}}}}", "k");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(simulator.ledger().countsByVendor()).doesNotContainKey("gemini-batch");
    }

    // --- helpers ---

    /** A GenerateContentRequest with one prompt and one image, plus {@code extra} top-level fields. */
    private static String request(String extra) {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Turn the jacket red\"},"
                + "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"" + PNG + "\"}}]}]"
                + (extra.isBlank() ? "" : "," + extra) + "}";
    }

    private JsonNode awaitDone(String name) throws Exception {
        for (int i = 0; i < 100; i++) {
            Reply reply = get("/gemini-batch", "/v1beta/" + name);
            if (reply.body().path("done").asBoolean(false)) return reply.body();
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not finish");
    }

    private Reply post(String vendor, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl(vendor) + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header("x-goog-api-key", key);
        return send(request);
    }

    private Reply get(String vendor, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl(vendor) + path)).header("x-goog-api-key", "k").GET());
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), SimClient.JSON.readTree(response.body()));
    }
}
