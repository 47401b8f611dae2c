package io.retouch.sim;

import static io.retouch.sim.SimClient.pngDataUri;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** AIMLAPI's protocol as the simulator speaks it under {@code /aimlapi} (vendors.md §6). */
class AimlapiProtocolTests {

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Simulator simulator;

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    private Simulator start(String faults) throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir)
                .withLatency(LatencyModel.parse("fixed:200ms"))
                .withFaults(FaultProfile.parse(faults)));
        return simulator;
    }

    @AfterEach
    void stop() {
        if (simulator != null) simulator.close();
        http.close();
    }

    private static Map<String, Object> body(String prompt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "google/nano-banana-pro-edit");
        body.put("prompt", prompt);
        body.put("image_urls", List.of(pngDataUri(40, 30, Color.BLUE)));
        body.put("aspect_ratio", "16:9");
        body.put("resolution", "1K");
        body.put("num_images", 2);
        return body;
    }

    private Reply post(Object body, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl("/aimlapi") + "/v1/images/generations"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(SimClient.JSON.writeValueAsBytes(body))));
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = SimClient.JSON.readTree(response.body());
        } catch (RuntimeException e) {
            json = null;
        }
        return new Reply(response.statusCode(), json, response);
    }

    private int paid() {
        return simulator.ledger().countsByVendor().getOrDefault("aimlapi", 0);
    }

    @Test
    void theEditRunsInTheCallAndAnswersWithFileUrlsAndUsage() throws Exception {
        start("none");
        Reply reply = post(body("a red jacket"), "Bearer k");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.body().get("data");
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.get(0).get("content_type").stringValue()).isEqualTo("image/png");
        assertThat(reply.body().at("/meta/usage/credits_used").longValue()).isPositive();
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(data.get(1).get("url").stringValue()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(paid()).isEqualTo(1);
    }

    @Test
    void fieldsThePageDoesNotNameAreRefusedAndOutputsArePng() throws Exception {
        start("none");
        Map<String, Object> body = body("extras");
        body.put("output_format", "jpeg");
        body.put("seed", 7);
        body.remove("num_images");
        Reply refused = post(body, "Bearer k");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").values()).extracting(e -> e.get("path").get(0).stringValue() + "=" + e.get("code").stringValue())
                .containsExactlyInAnyOrder("output_format=extra_forbidden", "seed=extra_forbidden");
        assertThat(paid()).isZero();

        body.remove("output_format");
        body.remove("seed");
        Reply reply = post(body, "Bearer k");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("data").size()).isEqualTo(1);
        assertThat(reply.body().get("data").get(0).get("url").stringValue()).endsWith(".png");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "aspect_ratio ; auto ; Input should be '21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3' or '9:16'",
            "resolution ; 8K ; Input should be '1K', '2K' or '4K'",
            "model ; fal-ai/nano-banana-pro/edit ; Input should be 'google/nano-banana-pro-edit' or 'google/gemini-3-pro-image-preview-edit'"})
    void aBadEnumIsAimlapisBodyValidationError(String field, String value, String detail) throws Exception {
        start("none");
        Map<String, Object> body = body("bad " + field);
        body.put(field, value);
        Reply reply = post(body, "Bearer k");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("message").stringValue()).isEqualTo("Body validation error!");
        assertThat(reply.body().get("statusCode").stringValue()).isEqualTo("400");
        assertThat(reply.body().get("errors").get(0).get("message").stringValue()).isEqualTo(detail);
        assertThat(reply.body().get("errors").get(0).get("path").get(0).stringValue()).isEqualTo(field);
        assertThat(paid()).isZero();
    }

    @Test
    void missingFieldsTooManyImagesAndTooManyOutputsAreListedTogether() throws Exception {
        start("none");
        Map<String, Object> body = body("many problems");
        body.remove("model");
        body.remove("prompt");
        body.put("image_urls", java.util.Collections.nCopies(15, "https://example.com/x.png"));
        body.put("num_images", 5);
        Reply reply = post(body, "Bearer k");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("errors").values()).extracting(e -> e.get("message").stringValue())
                .containsExactly("Field required", "Field required", "List should have at most 14 items after validation, not 15",
                        "Input should be less than or equal to 4");
    }

    @Test
    void withoutABearerKeyTheAnswerIsAimlapis401() throws Exception {
        start("none");
        Reply reply = post(body("no key"), "Key k");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("message").stringValue()).startsWith("This request requires a valid API key.");
        assertThat(reply.body().get("statusCode").stringValue()).isEqualTo("401");
        assertThat(reply.body().has("requestId")).isTrue();
        assertThat(reply.body().has("timestamp")).isTrue();
    }

    @Test
    void thereIsNoTaskToLookUp() throws Exception {
        start("none");
        Reply reply = send(HttpRequest.newBuilder(URI.create(simulator.baseUrl("/aimlapi")
                + "/v1/images/generations/00000000-0000-4000-8000-00000000dead")).header("Authorization", "Bearer k"));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("statusCode").stringValue()).isEqualTo("404");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"out-of-credit, 403, You've run out of credits.", "unauthorized, 401, This request requires",
            "submit-5xx, 503, Model is temporarily unavailable", "submit-429, 429, Too Many Requests",
            "submit-429-retry-after, 429, Too Many Requests", "content-blocked, 400, The request was rejected by the"
            + " provider's content policy"})
    void refusedSubmitsAreAimlapisErrorsAndUnpaid(String fault, int status, String message) throws Exception {
        start(fault + "=1");
        Reply reply = post(body(fault), "Bearer k");

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.body().get("message").stringValue()).startsWith(message);
        assertThat(reply.body().get("statusCode").stringValue()).isEqualTo(String.valueOf(status));
        assertThat(reply.raw().headers().firstValue("Retry-After").isPresent())
                .isEqualTo(fault.equals("submit-429-retry-after"));
        assertThat(paid()).isZero();
    }

    @Test
    void aFailedEditIsAnOkAnswerWithoutImagesAndIsPaid() throws Exception {
        start("task-failed=1");
        Reply reply = post(body("fails"), "Bearer k");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("data").isEmpty()).isTrue();
        assertThat(reply.body().at("/meta/usage/credits_used").longValue()).isPositive();
        assertThat(paid()).isEqualTo(1);
    }

    @Test
    void expiredOutputsAreListedButAnswer410() throws Exception {
        start("expired-output=1");
        Reply reply = post(body("expired"), "Bearer k");

        String url = reply.body().get("data").get(0).get("url").stringValue();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(410);
    }

    @Test
    void aSlowQueueMakesTheCallItselfSlower() throws Exception {
        start("slow-queue=1");
        long start = System.nanoTime();
        Reply reply = post(body("slow"), "Bearer k");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reply.status()).isEqualTo(200);
        assertThat(millis).as("queued five latencies, then edited").isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void aGarbledAnswerComesAfterThePaidEdit() throws Exception {
        start("submit-malformed=1");
        Reply reply = post(body("garbled"), "Bearer k");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isNull();
        assertThat(paid()).isEqualTo(1);
    }

    @Test
    void anInputThatCannotBeLoadedIsA400AndUnpaid() throws Exception {
        start("none");
        Map<String, Object> body = body("not an image");
        body.put("image_urls", List.of("data:image/png;base64,aGVsbG8="));
        Reply reply = post(body, "Bearer k");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("message").stringValue()).startsWith("Failed to load the image at image_urls[0]");
        assertThat(paid()).isZero();
    }
}
