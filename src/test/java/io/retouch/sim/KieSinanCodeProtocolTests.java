package io.retouch.sim;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The kie.ai and SinanCode protocols in their vendors' own words (vendors.md §4, §5). */
class KieSinanCodeProtocolTests {

    @TempDir
    Path stateDir;

    private Simulator sim;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String image = SimClient.pngDataUri(64, 48, Color.ORANGE);

    @BeforeEach
    void start() throws IOException {
        sim = Simulator.start(new SimulatorConfig(0, stateDir, LatencyModel.parse("fixed:50ms"), 4,
                FaultProfile.none(), 42, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void kieAnswersErrorsInsideHttp200() throws Exception {
        var noKey = send("POST", sim.baseUrl("/kie") + "/api/v1/jobs/createTask", null, kieBody("png", "16:9"));
        assertThat(noKey.statusCode()).isEqualTo(200);
        assertThat(json(noKey).path("code").asInt()).isEqualTo(401);
        assertThat(json(noKey).path("msg").stringValue()).isEqualTo("You do not have access permissions");

        var jpeg = send("POST", sim.baseUrl("/kie") + "/api/v1/jobs/createTask", "Bearer k", kieBody("jpeg", "auto"));
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(json(jpeg).path("code").asInt()).isEqualTo(422);
        assertThat(json(jpeg).path("msg").stringValue()).contains("input.output_format");

        var unknown = send("GET", sim.baseUrl("/kie") + "/api/v1/jobs/recordInfo?taskId=task_nano-banana-pro_nope",
                "Bearer k", null);
        assertThat(json(unknown).path("code").asInt()).isEqualTo(404);
        assertThat(paid("kie")).isZero();
    }

    @Test
    void kieReportsResultJsonAsAJsonString() throws Exception {
        var created = send("POST", sim.baseUrl("/kie") + "/api/v1/jobs/createTask", "Bearer k", kieBody("jpg", "auto"));
        JsonNode envelope = json(created);
        assertThat(envelope.path("code").asInt()).isEqualTo(200);
        assertThat(envelope.path("msg").stringValue()).isEqualTo("success");
        String taskId = envelope.path("data").path("taskId").stringValue();
        assertThat(taskId).startsWith("task_nano-banana-pro_");
        String url = sim.baseUrl("/kie") + "/api/v1/jobs/recordInfo?taskId=" + taskId;
        await().atMost(Duration.ofSeconds(10)).until(() -> json(send("GET", url, "Bearer k", null))
                .path("data").path("state").stringValue().equals("success"));
        JsonNode data = json(send("GET", url, "Bearer k", null)).path("data");
        assertThat(data.path("resultJson").isString()).isTrue();
        JsonNode result = SimClient.JSON.readTree(data.path("resultJson").stringValue());
        String output = result.path("resultUrls").get(0).stringValue();
        assertThat(output).endsWith(".jpeg");
        assertThat(send("GET", output, null, null).statusCode()).isEqualTo(200);
        assertThat(SimClient.JSON.readTree(data.path("param").stringValue()).path("input").path("output_format")
                .stringValue()).isEqualTo("jpg");
        assertThat(paid("kie")).isEqualTo(1);
    }

    @Test
    void sinanCodeRefusesWithRealStatusesAndTheProSchema() throws Exception {
        String submit = sim.baseUrl("/sinancode-pro") + "/v1/generate/k/nano-banana-pro";
        var noKey = send("POST", submit, null, sinanBody("1:1"));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).path("error_code").stringValue()).isEqualTo("unauthorized");
        var auto = send("POST", submit, "Bearer k", sinanBody("auto"));
        assertThat(auto.statusCode()).isEqualTo(400);
        assertThat(json(auto).path("error_msg").stringValue()).contains("aspect_ratio");
        // Each path is served under its own vendor: the seed page's edit path is not the Pro vendor's.
        var nonPro = send("POST", sim.baseUrl("/sinancode-pro") + "/v1/generate/k/nano-banana-edit", "Bearer k",
                sinanBody("1:1"));
        assertThat(nonPro.statusCode()).isEqualTo(404);
        var proFieldsOnTheSeedPath = send("POST", sim.baseUrl("/sinancode") + "/v1/generate/k/nano-banana-edit",
                "Bearer k", sinanBody("1:1"));
        assertThat(proFieldsOnTheSeedPath.statusCode()).isEqualTo(400);
        assertThat(json(proFieldsOnTheSeedPath).path("error_msg").stringValue())
                .contains("image_urls: Field required", "image_input: Extra inputs are not permitted");
        var unknown = send("GET", sim.baseUrl("/sinancode-pro") + "/v1/tasks/nope", "Bearer k", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error_code").stringValue()).isEqualTo("task_not_found");
        assertThat(paid("sinancode-pro") + paid("sinancode")).isZero();
    }

    /** The seed page names no callBackUrl (its Chinese sibling does): the simulator accepted it on the seed path. */
    @Test
    void theSeedPathRefusesAFieldItsPageDoesNotName() throws Exception {
        var reply = send("POST", sim.baseUrl("/sinancode") + "/v1/generate/k/nano-banana-edit", "Bearer k",
                Map.of("image_urls", List.of(image), "prompt", "make it red", "callBackUrl", "https://hook.example"));
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(json(reply).path("error_msg").stringValue()).contains("callBackUrl: Extra inputs are not permitted");
    }

    @Test
    void sinanCodeAnswersBothResultShapes() throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var created = send("POST", sim.baseUrl("/sinancode-pro") + "/v1/generate/k/nano-banana-pro", "Bearer k",
                    sinanBody("4:3"));
            assertThat(created.statusCode()).isEqualTo(200);
            String url = sim.baseUrl("/sinancode-pro") + "/v1/tasks/" + json(created).path("task_id").stringValue();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    json(send("GET", url, "Bearer k", null)).path("status").stringValue().equals("completed"));
            results.add(json(send("GET", url, "Bearer k", null)).path("result").get(0));
        }
        assertThat(results).anyMatch(JsonNode::isString);
        assertThat(results).anyMatch(r -> r.isObject() && r.path("url").isString());
    }

    private Map<String, Object> kieBody(String format, String aspectRatio) {
        return Map.of("model", "nano-banana-pro", "input", Map.of("prompt", "make it red",
                "image_input", List.of(image), "aspect_ratio", aspectRatio, "resolution", "1K", "output_format", format));
    }

    private Map<String, Object> sinanBody(String aspectRatio) {
        return Map.of("prompt", "make it red", "image_input", List.of(image), "aspect_ratio", aspectRatio,
                "resolution", "1K", "output_format", "png");
    }

    private int paid(String vendor) {
        return sim.ledger().countsByVendor().getOrDefault(vendor, 0);
    }

    private HttpResponse<byte[]> send(String method, String url, String auth, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(SimClient.JSON.writeValueAsBytes(body)));
        if (body != null) request.header("Content-Type", "application/json");
        if (auth != null) request.header("Authorization", auth);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return SimClient.JSON.readTree(response.body());
    }
}
