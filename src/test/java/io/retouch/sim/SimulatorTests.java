package io.retouch.sim;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/** The fal queue protocol end to end over HTTP: submit, status, result, output files, cancel. */
class SimulatorTests {

    @TempDir
    Path stateDir;

    private final TestClock clock = new TestClock();
    private Simulator simulator;
    private SimClient client;

    @BeforeEach
    void start() throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir).withLatency(LatencyModel.parse("fixed:200ms")),
                clock);
        client = new SimClient(simulator);
    }

    /** Lets every request submitted so far run to its end. */
    private void finishEverything() {
        clock.advance(Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @CsvSource({
            "png,  1:1,  1K, 1024, 1024",
            "jpeg, 16:9, 2K, 2048, 1152",
            "webp, 9:16, 1K, 576,  1024",
            "png,  auto, 1K, 1024, 683",
    })
    void editsTheImageIntoTheRequestedGeometryAndFormat(String format, String ratio, String resolution, int width,
                                                        int height) throws IOException {
        Map<String, Object> body = new HashMap<>(editBody("make it look like autumn",
                pngDataUri(300, 200, Color.GREEN)));
        body.putAll(Map.of("output_format", format, "aspect_ratio", ratio, "resolution", resolution));

        SimClient.Reply submitted = client.submit(body);

        assertThat(submitted.status()).isEqualTo(200);
        String id = submitted.body().get("request_id").stringValue();
        String requestUrl = simulator.baseUrl("/fal") + "/fal-ai/nano-banana-pro/requests/" + id;
        assertThat(submitted.body().get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(submitted.body().get("gateway_request_id").stringValue()).isEqualTo(id);
        assertThat(submitted.body().get("response_url").stringValue()).isEqualTo(requestUrl);
        assertThat(submitted.body().get("status_url").stringValue()).isEqualTo(requestUrl + "/status");
        assertThat(submitted.body().get("cancel_url").stringValue()).isEqualTo(requestUrl + "/cancel");
        assertThat(submitted.body().get("queue_position").intValue()).isZero();

        assertThat(client.statusOf(id)).isEqualTo("IN_PROGRESS");
        clock.advance(Duration.ofMillis(199));
        assertThat(client.statusOf(id)).isEqualTo("IN_PROGRESS");
        clock.advance(Duration.ofMillis(1));
        assertThat(client.statusOf(id)).isEqualTo("COMPLETED");
        SimClient.Reply result = client.result(id);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("x-fal-request-id")).isEqualTo(id);
        assertThat(result.body().get("description").stringValue()).isEmpty();
        JsonNode image = result.body().get("images").get(0);
        assertThat(image.get("content_type").stringValue()).isEqualTo("image/" + format);
        assertThat(image.get("width").intValue()).isEqualTo(width);
        assertThat(image.get("height").intValue()).isEqualTo(height);
        assertThat(image.get("file_name").stringValue()).endsWith("." + format);
        byte[] file = client.download(image.get("url").stringValue());
        assertThat(file).hasSize(image.get("file_size").intValue());
        assertThat(formatOf(file)).isEqualToIgnoringCase(format);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(file));
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
    }

    @Test
    void statusReportsLogsOnlyWhenAskedAndMetricsOnceCompleted() {
        String id = client.accepted(editBody("add a hat", pngDataUri(64, 64, Color.RED)));
        finishEverything();

        JsonNode withLogs = client.status(id).body();
        JsonNode withoutLogs = client.get(simulator.baseUrl("/fal") + "/fal-ai/nano-banana-pro/requests/" + id
                + "/status").body();

        assertThat(withLogs.get("logs")).isNotEmpty();
        assertThat(withLogs.get("logs").get(0).get("level").stringValue()).isEqualTo("INFO");
        assertThat(withLogs.get("metrics").get("inference_time").doubleValue()).isEqualTo(0.2);
        assertThat(withoutLogs.has("logs")).isFalse();
        assertThat(withoutLogs.get("request_id").stringValue()).isEqualTo(id);
        assertThat(withoutLogs.get("cancel_url").stringValue()).endsWith("/requests/" + id + "/cancel");
    }

    @Test
    void severalOutputsDifferFromEachOtherAndAreStableAcrossFetches() {
        Map<String, Object> body = new HashMap<>(editBody("turn night into day", pngDataUri(128, 96, Color.BLUE),
                pngDataUri(96, 128, Color.ORANGE)));
        body.put("num_images", 3);
        String id = client.accepted(body);
        finishEverything();

        JsonNode images = client.result(id).body().get("images");
        List<byte[]> files = new ArrayList<>();
        images.forEach(image -> files.add(client.download(image.get("url").stringValue())));

        assertThat(images).hasSize(3);
        assertThat(files.get(0)).isNotEqualTo(files.get(1)).isNotEqualTo(files.get(2));
        assertThat(client.download(images.get(1).get("url").stringValue())).isEqualTo(files.get(1));
        assertThat(client.result(id).body()).isEqualTo(client.result(id).body());
    }

    @Test
    void resultBeforeCompletionIsA400() {
        String id = client.accepted(editBody("slow edit", pngDataUri(32, 32, Color.GRAY)));

        SimClient.Reply result = client.result(id);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body().get("detail").stringValue()).isEqualTo("Request is still in progress");
        assertThat(client.get(simulator.baseUrl() + "/files/" + id + "/0.png").status()).isEqualTo(404);
    }

    @Test
    void unknownRequestsAndTheSubPathFormAre404() {
        String id = client.accepted(editBody("x", pngDataUri(16, 16, Color.BLACK)));

        assertThat(client.status("no-such-id").status()).isEqualTo(404);
        assertThat(client.result("no-such-id").status()).isEqualTo(404);
        assertThat(client.get(simulator.baseUrl("/fal") + "/fal-ai/nano-banana-pro/edit/requests/" + id + "/status")
                .status()).isEqualTo(404);
        assertThat(client.get(simulator.baseUrl() + "/files/" + id + "/7.png").status()).isEqualTo(404);
    }

    @Test
    void everyEndpointWantsAKey() throws Exception {
        byte[] body = SimClient.JSON.writeValueAsBytes(editBody("x", pngDataUri(16, 16, Color.BLACK)));
        String id = client.accepted(editBody("x", pngDataUri(16, 16, Color.BLACK)));
        String requestUrl = simulator.baseUrl("/fal") + "/fal-ai/nano-banana-pro/requests/" + id;

        SimClient.Reply emptyKey = client.submitRaw(body, "Key ");

        assertThat(emptyKey.status()).isEqualTo(401);
        assertThat(emptyKey.body().get("detail").isString()).isTrue();
        assertThat(client.submitRaw(body, null).status()).isEqualTo(401);
        assertThat(client.submitRaw(body, "Bearer abc").status()).isEqualTo(401);
        assertThat(statusWithoutKey("GET", requestUrl + "/status")).isEqualTo(401);
        assertThat(statusWithoutKey("GET", requestUrl)).isEqualTo(401);
        assertThat(statusWithoutKey("PUT", requestUrl + "/cancel")).isEqualTo(401);
        assertThat(simulator.ledger().total()).isEqualTo(1);
    }

    private static int statusWithoutKey(String method, String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void cancellingAnUnfinishedRequestCompletesItAsCancelled() {
        String id = client.accepted(editBody("never mind", pngDataUri(32, 32, Color.GRAY)));

        SimClient.Reply cancel = client.cancel(id);

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.body().get("status").stringValue()).isEqualTo("CANCELLATION_REQUESTED");
        assertThat(client.statusOf(id)).isEqualTo("COMPLETED");
        assertThat(client.result(id).status()).isEqualTo(410);
        assertThat(client.cancel(id).status()).isEqualTo(400);
        assertThat(client.cancel("no-such-id").status()).isEqualTo(404);
        assertThat(client.cancel("no-such-id").body().get("status").stringValue()).isEqualTo("NOT_FOUND");
        finishEverything();
        assertThat(client.result(id).status()).as("cancelled stays cancelled").isEqualTo(410);
        assertThat(simulator.ledger().total()).as("a cancelled submission was still paid").isEqualTo(1);
    }

    @Test
    void statsShowEachVendorsPeaksAndACancelledRequestIsNoLongerHeld() {
        String first = client.accepted(editBody("one", pngDataUri(16, 16, Color.RED)));
        client.accepted(editBody("two", pngDataUri(16, 16, Color.GREEN)));
        client.cancel(first);
        client.accepted(editBody("three", pngDataUri(16, 16, Color.BLUE)));

        SimClient.Reply stats = client.get(simulator.baseUrl() + "/_sim/stats");

        assertThat(stats.status()).isEqualTo(200);
        JsonNode fal = stats.body().get("byVendor").get("fal");
        assertThat(fal.get("peakHeld").intValue()).as("two, the cancelled one out").isEqualTo(2);
        assertThat(fal.get("peakRequestsPerSecond").intValue()).as("four calls, within a second or so").isBetween(1, 4);
        assertThat(simulator.load().of("fal")).isEqualTo(new LoadCounters.Load(2, fal.get("peakRequestsPerSecond").intValue()));
    }

    @Test
    void statsShowEachVendorsTotalsForABenchmarkToDivide() {
        long before = clock.millis();
        String id = client.accepted(editBody("one", pngDataUri(16, 16, Color.RED)));
        client.status(id);
        client.status(id);
        finishEverything();
        client.result(id);

        JsonNode stats = client.get(simulator.baseUrl() + "/_sim/stats").body();

        JsonNode fal = stats.get("totals").get("fal");
        assertThat(fal.get("requests").longValue()).as("submit, two polls, the result").isEqualTo(4);
        JsonNode kinds = fal.get("requestsByKind");
        assertThat(List.of(kinds.get("SUBMIT").longValue(), kinds.get("STATUS").longValue(),
                kinds.get("CANCEL").longValue(), kinds.get("OTHER").longValue())).containsExactly(1L, 2L, 0L, 1L);
        assertThat(fal.get("accepted").longValue()).isEqualTo(1);
        assertThat(fal.get("drawnRunMillis").longValue()).as("fixed:200ms").isEqualTo(200);
        assertThat(fal.get("firstAcceptedAt").longValue()).isEqualTo(before);
        assertThat(fal.get("lastFinishAt").longValue()).isEqualTo(before + 200);
        assertThat(fal.get("heldNow").intValue()).isZero();
        assertThat(fal.get("finished").longValue()).isEqualTo(1);
        assertThat(stats.get("now").longValue()).isEqualTo(clock.millis());
    }

    @Test
    void cancellingACompletedRequestSaysSo() {
        String id = client.accepted(editBody("done already", pngDataUri(32, 32, Color.GRAY)));
        finishEverything();

        SimClient.Reply cancel = client.cancel(id);

        assertThat(cancel.status()).isEqualTo(400);
        assertThat(cancel.body().get("status").stringValue()).isEqualTo("ALREADY_COMPLETED");
        assertThat(client.result(id).status()).isEqualTo(200);
    }

    @Test
    void aResultThatCannotBeRenderedIsA500RatherThanADroppedConnection() throws IOException {
        String id = client.accepted(editBody("lost input", pngDataUri(16, 16, Color.RED)));
        Files.delete(stateDir.resolve("inputs").resolve(id).resolve("0"));
        finishEverything();

        SimClient.Reply result = client.result(id);

        assertThat(result.status()).isEqualTo(500);
        assertThat(result.body().get("error_type").stringValue()).isEqualTo("internal_error");
    }

    private static String formatOf(byte[] file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            return Set.of("jpg", "jpeg").contains(reader.getFormatName().toLowerCase())
                    ? "jpeg" : reader.getFormatName();
        }
    }
}
