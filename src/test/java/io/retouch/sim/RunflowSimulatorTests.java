package io.retouch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The simulator speaks Runflow's runs API in Runflow's words (vendors.md §3.3, §3.5, §9). */
class RunflowSimulatorTests {

    private static final String PNG = SimClient.pngDataUri(16, 16, java.awt.Color.RED);

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Simulator simulator;
    private String base;

    private void start(String faults) throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir)
                .withLatency(LatencyModel.parse("fixed:200ms"))
                .withFaults(FaultProfile.parse(faults))
                .withHang(Duration.ofMillis(300)));
        base = simulator.baseUrl("/runflow-runs");
    }

    @AfterEach
    void stop() {
        if (simulator != null) simulator.close();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    private Reply send(String method, String path, Object body, String auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(HttpReplies.JSON.writeValueAsBytes(body)));
        if (auth != null) request.header("Authorization", auth);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = HttpReplies.JSON.readTree(response.body());
        } catch (RuntimeException ignored) {
            // garbled on purpose
        }
        return new Reply(response.statusCode(), json, response);
    }

    private Reply create(Map<String, Object> input, String clientRef) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", input);
        if (clientRef != null) body.put("client_ref", clientRef);
        return send("POST", "/v1/models/google/nano-banana-pro/edit/runs", body, "Bearer k");
    }

    private static Map<String, Object> input() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", "make it red");
        input.put("image_urls", List.of(PNG));
        input.put("resolution", "1K");
        return input;
    }

    private JsonNode awaitTerminal(String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = send("GET", "/v1/runs/" + id, null, "Bearer k").body();
            String status = run.get("status_code").stringValue();
            if (!List.of("queued", "dispatching", "running").contains(status)) return run;
            Thread.sleep(50);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    @Test
    void aRunGoesFromQueuedToSucceededWithItsOutputAndClientRef() throws Exception {
        start("none");
        Reply created = create(input(), "ref-1");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("status_code").stringValue()).isEqualTo("queued");
        assertThat(created.body().get("client_ref").stringValue()).isEqualTo("ref-1");
        assertThat(created.body().get("created_at").stringValue()).endsWith("+00:00");
        JsonNode run = awaitTerminal(created.body().get("id").stringValue());
        assertThat(run.get("status_code").stringValue()).isEqualTo("succeeded");
        assertThat(run.get("output").get("image_urls")).hasSize(1);
        assertThat(run.get("output").get("outputs").get(0).get("type").stringValue()).isEqualTo("image");
        assertThat(run.get("completed_at").stringValue()).endsWith("+00:00");

        Reply listed = send("GET", "/v1/runs?client_ref=ref-1", null, "Bearer k");
        assertThat(listed.body().get("data")).hasSize(1);
        assertThat(send("GET", "/v1/runs?client_ref=ref-2", null, "Bearer k").body().get("data")).isEmpty();
    }

    @Test
    void everyEndpointWantsABearerKey() throws Exception {
        start("none");
        for (Reply reply : List.of(send("GET", "/v1/runs/x", null, null), send("GET", "/v1/runs", null, "Key k"),
                send("POST", "/v1/models/google/nano-banana-pro/edit/runs", Map.of("input", input()), null))) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body().get("code").stringValue()).isEqualTo("UNAUTHORIZED");
            assertThat(reply.body().has("errors")).isTrue();
        }
        assertThat(simulator.ledger().total()).isZero();
    }

    @Test
    void anInvalidInputIsA422WithFieldDetails() throws Exception {
        start("none");
        Map<String, Object> input = input();
        input.remove("prompt");
        input.put("resolution", "8K");
        Reply reply = create(input, null);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().get("code").stringValue()).isEqualTo("VALIDATION_ERROR");
        List<String> fields = new java.util.ArrayList<>();
        reply.body().get("errors").values().forEach(e -> fields.add(e.get("field").stringValue()));
        assertThat(fields).containsExactlyInAnyOrder("input.prompt", "input.resolution");
        Reply noInput = send("POST", "/v1/models/google/nano-banana-pro/edit/runs", Map.of("prompt", "flat"), "Bearer k");
        assertThat(noInput.status()).isEqualTo(422);
        assertThat(noInput.body().get("errors").get(0).get("field").stringValue()).isEqualTo("input");
        assertThat(simulator.ledger().total()).isZero();
    }

    @Test
    void anUnknownRunIsRunNotFound() throws Exception {
        start("none");
        Reply reply = send("GET", "/v1/runs/01900000-0000-7000-8000-000000000000", null, "Bearer k");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("code").stringValue()).isEqualTo("RUN_NOT_FOUND");
        assertThat(send("POST", "/v1/runs/nope/cancel", null, "Bearer k").status()).isEqualTo(404);
    }

    @Test
    void failedRunsCarryRunflowsFailureFields() throws Exception {
        start("runflow-runs: content-blocked=1");
        JsonNode blocked = awaitTerminal(create(input(), null).body().get("id").stringValue());
        assertThat(blocked.get("status_code").stringValue()).isEqualTo("failed");
        assertThat(blocked.get("failure_code").stringValue()).isEqualTo("CONTENT_POLICY_VIOLATION");
        assertThat(blocked.get("failure_stage_code").stringValue()).isEqualTo("inference");
        assertThat(blocked.get("output").isNull()).isTrue();
        simulator.setFaults("runflow-runs: task-failed=1");
        Map<String, Object> other = input();
        other.put("prompt", "another");
        JsonNode failed = awaitTerminal(create(other, null).body().get("id").stringValue());
        assertThat(failed.get("failure_code").stringValue()).isEqualTo("PROVIDER_ERROR");
    }

    @Test
    void cancelStopsAQueuedRunOnceAndThenConflicts() throws Exception {
        start("runflow-runs: slow-queue=1");
        String id = create(input(), null).body().get("id").stringValue();
        Reply first = send("POST", "/v1/runs/" + id + "/cancel", null, "Bearer k");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("status_code").stringValue()).isEqualTo("canceled");
        Reply second = send("POST", "/v1/runs/" + id + "/cancel", null, "Bearer k");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("code").stringValue()).isEqualTo("RUN_NOT_CANCELABLE");
    }

    @Test
    void submitFaultsSpeakRunflow() throws Exception {
        start("runflow-runs: submit-429-retry-after=1");
        Reply limited = create(input(), null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("code").stringValue()).isEqualTo("RATE_LIMITED");
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("1");
        simulator.setFaults("runflow-runs: submit-429=1");
        assertThat(create(input(), null).raw().headers().firstValue("Retry-After")).isEmpty();
        simulator.setFaults("runflow-runs: out-of-credit=1");
        Reply broke = create(input(), null);
        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.body().get("code").stringValue()).isEqualTo("INSUFFICIENT_CREDIT");
        simulator.setFaults("runflow-runs: submit-5xx=1");
        Reply down = create(input(), null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().get("code").stringValue()).isEqualTo("MODEL_UNAVAILABLE");
        assertThat(simulator.ledger().total()).isZero();
    }

    @Test
    void theRunflowProtocolDoesNotServeOtherVendorsRequests() throws Exception {
        start("none");
        SimClient fal = new SimClient(simulator);
        Map<String, Object> falBody = new LinkedHashMap<>(input());
        String falId = fal.accepted(falBody);
        assertThat(send("GET", "/v1/runs/" + falId, null, "Bearer k").status()).isEqualTo(404);
    }
}
