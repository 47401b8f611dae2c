package io.retouch.sim;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/** Submit-time checks: body schema, input download, and that only accepted submissions are paid. */
class SimulatorValidationTests {

    @TempDir
    Path stateDir;

    private Simulator simulator;
    private SimClient client;
    private HttpServer imageHost;

    @BeforeEach
    void start() throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir).withLatency(LatencyModel.parse("fixed:200ms")));
        client = new SimClient(simulator);
        imageHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        imageHost.createContext("/photo.png", exchange -> serve(exchange, SimClient.png(80, 60, Color.MAGENTA)));
        imageHost.createContext("/notes.txt", exchange -> serve(exchange, "hello".getBytes(StandardCharsets.UTF_8)));
        imageHost.start();
    }

    private static void serve(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        imageHost.stop(0);
        simulator.close();
    }

    private String hosted(String path) {
        return "http://127.0.0.1:" + imageHost.getAddress().getPort() + path;
    }

    @Test
    void reportsEveryInvalidFieldAtOnceInFastApiForm() {
        Map<String, Object> body = new HashMap<>();
        body.put("image_urls", List.of());
        body.put("num_images", 5);
        body.put("aspect_ratio", "7:5");
        body.put("resolution", "8K");
        body.put("output_format", "gif");
        body.put("seed", "lucky");

        SimClient.Reply reply = client.submit(body);

        assertThat(reply.status()).isEqualTo(422);
        Map<String, String> typeByField = new HashMap<>();
        for (JsonNode violation : reply.body().get("detail")) {
            assertThat(violation.get("loc").get(0).stringValue()).isEqualTo("body");
            assertThat(violation.get("msg").stringValue()).isNotBlank();
            typeByField.put(violation.get("loc").get(1).stringValue(), violation.get("type").stringValue());
        }
        assertThat(typeByField).containsExactlyInAnyOrderEntriesOf(Map.of(
                "prompt", "missing",
                "image_urls", "too_short",
                "num_images", "less_than_equal",
                "aspect_ratio", "literal_error",
                "resolution", "literal_error",
                "output_format", "literal_error",
                "seed", "extra_forbidden"));
        assertThat(simulator.ledger().total()).isZero();
    }

    @Test
    void literalErrorsListTheAllowedValues() {
        Map<String, Object> body = new HashMap<>(editBody("x", pngDataUri(8, 8, Color.RED)));
        body.put("resolution", "8K");

        JsonNode violation = client.submit(body).body().get("detail").get(0);

        assertThat(violation.get("msg").stringValue()).isEqualTo("Input should be '1K', '2K' or '4K'");
    }

    @Test
    void rejectsBodiesThatAreNotJsonObjects() {
        assertThat(client.submitRaw("{not json".getBytes(StandardCharsets.UTF_8), "Key k").body()
                .get("detail").get(0).get("type").stringValue()).isEqualTo("json_invalid");
        assertThat(client.submitRaw("[1,2]".getBytes(StandardCharsets.UTF_8), "Key k").status()).isEqualTo(422);
    }

    @Test
    void downloadsHttpInputsAtSubmitTime() throws IOException {
        String id = client.accepted(editBody("paint it", hosted("/photo.png")));
        imageHost.stop(0);

        client.awaitCompleted(id);
        JsonNode image = client.result(id).body().get("images").get(0);

        assertThat(image.get("width").intValue()).isEqualTo(1024);
        assertThat(image.get("height").intValue()).isEqualTo(768);
        try (var inputs = Files.list(stateDir.resolve("inputs").resolve(id))) {
            assertThat(inputs).hasSize(1);
        }
    }

    @Test
    void unreachableOrUnreadableInputsAre422AndNotPaid() {
        List<JsonNode> violations = new ArrayList<>();
        for (String url : List.of(hosted("/missing.png"), "ftp://example.com/a.png", "data:image/png;base64,@@@",
                hosted("/notes.txt"))) {
            SimClient.Reply reply = client.submit(editBody("x", pngDataUri(8, 8, Color.RED), url));
            assertThat(reply.status()).as(url).isEqualTo(422);
            violations.add(reply.body().get("detail").get(0));
        }

        assertThat(violations).extracting(v -> v.get("type").stringValue()).containsExactly(
                "file_download_error", "file_download_error", "file_download_error", "image_load_error");
        assertThat(violations.getFirst().get("loc").toString()).isEqualTo("[\"body\",\"image_urls\",1]");
        assertThat(simulator.ledger().total()).isZero();
    }

    @Test
    void theLedgerCountsAcceptedSubmissionsByBodyAndPrompt() {
        byte[] body = SimClient.JSON.writeValueAsBytes(editBody("same prompt", pngDataUri(8, 8, Color.RED)));
        client.submitRaw(body, "Key k");
        client.submitRaw(body, "Key k");
        client.accepted(editBody("same prompt", pngDataUri(8, 8, Color.BLUE)));
        client.submit(Map.of("prompt", "same prompt"));
        client.submitRaw(body, null);

        SubmissionLedger ledger = simulator.ledger();
        JsonNode published = client.get(simulator.baseUrl() + "/_sim/submissions").body();

        assertThat(ledger.total()).isEqualTo(3);
        assertThat(ledger.countsByPrompt()).containsExactlyEntriesOf(Map.of("same prompt", 3));
        assertThat(ledger.countsByBodySha256()).hasSize(2).containsEntry(SimIntake.sha256Hex(body), 2);
        assertThat(published.get("total").intValue()).isEqualTo(3);
        assertThat(published.get("byBodySha256").get(SimIntake.sha256Hex(body)).intValue()).isEqualTo(2);
        assertThat(published.get("byPrompt").get("same prompt").intValue()).isEqualTo(3);
    }
}
