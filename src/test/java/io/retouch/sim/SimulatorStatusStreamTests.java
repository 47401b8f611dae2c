package io.retouch.sim;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * fal's status stream ({@code GET …/requests/{id}/status/stream}, vendors.md §1.1), read over real HTTP
 * as fal-js {@code streamStatus} reads it: {@code data: {json}} events as the task moves, then the end of
 * the stream after COMPLETED. The clock is the test's, so each phase is seen on its own.
 */
class SimulatorStatusStreamTests {

    private static final Duration LATENCY = Duration.ofSeconds(1);
    private static final String END = "<end of stream>";

    @TempDir
    Path stateDir;

    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private Simulator simulator;
    private SimClient client;

    private void start(int concurrency) throws IOException {
        simulator = Simulator.start(SimulatorConfig.defaults(stateDir).withLatency(LatencyModel.parse("fixed:1s"))
                .withConcurrency(concurrency), clock);
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        if (simulator != null) simulator.close();
        http.close();
    }

    /** A stream being read: its answer's head, then each event's data and {@link #END}. */
    private record Opened(HttpResponse<Stream<String>> response, BlockingQueue<String> events) {

        JsonNode next() throws InterruptedException {
            String data = events.poll(5, TimeUnit.SECONDS);
            assertThat(data).as("an event within 5 s").isNotNull().isNotEqualTo(END);
            return SimClient.JSON.readTree(data);
        }

        void awaitEnd() throws InterruptedException {
            assertThat(events.poll(5, TimeUnit.SECONDS)).as("the end of the stream").isEqualTo(END);
        }
    }

    private HttpRequest.Builder streamRequest(String id, String logs) {
        return HttpRequest.newBuilder(URI.create(simulator.baseUrl("/fal") + "/fal-ai/nano-banana-pro/requests/" + id
                + "/status/stream?logs=" + logs)).header("Accept", "text/event-stream").GET();
    }

    private Opened open(HttpRequest request) throws Exception {
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = response.body()) {
                lines.filter(line -> line.startsWith("data: ")).forEach(line -> events.add(line.substring(6)));
            } catch (RuntimeException closed) {
                // the test closed it
            }
            events.add(END);
        });
        return new Opened(response, events);
    }

    private Opened open(String id) throws Exception {
        return open(streamRequest(id, "0").header("Authorization", "Key test-key").build());
    }

    @Test
    void aQueuedTaskIsStreamedUntilItCompletesAndTheStreamIsOneRequest() throws Exception {
        start(4);
        simulator.setFaults("slow-queue=1");
        String id = client.accepted(editBody("queued", pngDataUri(8, 8, Color.RED)));
        simulator.setFaults("none");
        // the submit's second is over: from here on, every request the fal protocol sees is counted apart
        Thread.sleep(1_100);

        Opened stream = open(id);
        assertThat(stream.response().statusCode()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
        JsonNode queued = stream.next();
        assertThat(queued.get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(queued.get("queue_position").intValue()).isZero();
        assertThat(queued.get("request_id").stringValue()).isEqualTo(id);
        assertThat(queued.get("response_url").stringValue()).endsWith("/fal-ai/nano-banana-pro/requests/" + id);
        assertThat(simulator.openStreams()).isEqualTo(1);

        clock.advance(LATENCY.multipliedBy(5));
        assertThat(stream.next().get("status").stringValue()).isEqualTo("IN_PROGRESS");
        clock.advance(LATENCY);
        JsonNode completed = stream.next();
        assertThat(completed.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(completed.get("metrics").get("inference_time").doubleValue()).isEqualTo(1.0);
        stream.awaitEnd();
        await().atMost(Duration.ofSeconds(2)).until(() -> simulator.openStreams() == 0);

        client.status(id);
        assertThat(simulator.load().of("fal").peakRequestsPerSecond())
                .as("the stream and one poll in the same second: two requests, however many events").isEqualTo(2);
    }

    @Test
    void aRunningTaskStreamsOneEventPerChangeWithTheNewLogs() throws Exception {
        start(4);
        String id = client.accepted(editBody("running", pngDataUri(8, 8, Color.GREEN)));

        Opened stream = open(streamRequest(id, "1").header("Authorization", "Key test-key").build());
        JsonNode running = stream.next();
        assertThat(running.get("status").stringValue()).isEqualTo("IN_PROGRESS");
        assertThat(running.get("logs")).hasSize(1);
        Thread.sleep(500);
        assertThat(stream.events()).as("nothing changed, nothing sent").isEmpty();
        clock.advance(LATENCY);
        JsonNode completed = stream.next();
        assertThat(completed.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(completed.get("logs")).as("only the log new since the last event").hasSize(1);
        assertThat(completed.get("logs").get(0).get("message").stringValue()).isEqualTo("Done");
        stream.awaitEnd();
    }

    @Test
    void aCancelledTaskEndsItsStreamWithCompletedAsFalsStatusSays() throws Exception {
        start(1);
        client.accepted(editBody("first", pngDataUri(8, 8, Color.RED)));
        String id = client.accepted(editBody("second", pngDataUri(8, 8, Color.BLUE)));

        Opened stream = open(id);
        assertThat(stream.next().get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(client.cancel(id).status()).isEqualTo(202);
        assertThat(stream.next().get("status").stringValue()).isEqualTo("COMPLETED");
        stream.awaitEnd();
    }

    @Test
    void theStreamAnswersAuthUnknownIdsAndPollFaultsAsTheStatusPollDoes() throws Exception {
        start(4);
        String id = client.accepted(editBody("faults", pngDataUri(8, 8, Color.RED)));

        HttpResponse<String> noKey = http.send(streamRequest(id, "0").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = http.send(streamRequest("00000000-0000-4000-8000-00000000dead", "0")
                .header("Authorization", "Key test-key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Request not found");

        simulator.setFaults("fal: poll-5xx=1");
        HttpResponse<String> outage = http.send(streamRequest(id, "0").header("Authorization", "Key test-key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(outage.headers().firstValue("X-Fal-Error-Type")).hasValue("runner_connection_error");

        simulator.setFaults("fal: poll-malformed=1");
        HttpResponse<String> garbled = http.send(streamRequest(id, "0").header("Authorization", "Key test-key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(garbled.statusCode()).isEqualTo(200);
        assertThat(garbled.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(simulator.openStreams()).isZero();
    }

    @Test
    void aClientThatGoesAwayEndsItsStreamOnTheSimulator() throws Exception {
        start(4);
        String id = client.accepted(editBody("abandoned", pngDataUri(8, 8, Color.RED)));
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                streamRequest(id, "0").header("Authorization", "Key test-key").build(), HttpResponse.BodyHandlers.ofLines());
        Stream<String> lines = response.get(5, TimeUnit.SECONDS).body();
        await().atMost(Duration.ofSeconds(2)).until(() -> simulator.openStreams() == 1);

        lines.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.openStreams() == 0);
        assertThat(simulator.peakOpenStreams()).isEqualTo(1);
    }
}
