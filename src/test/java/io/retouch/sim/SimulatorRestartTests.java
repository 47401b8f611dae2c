package io.retouch.sim;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulator started again on the same state dir carries on as if it had never stopped — the
 * property Retouch's "never paid twice after kill -9" tests stand on.
 */
class SimulatorRestartTests {

    @TempDir
    Path stateDir;

    private SimulatorConfig config(String latency, String faults) {
        return config(stateDir, latency, faults);
    }

    private static SimulatorConfig config(Path dir, String latency, String faults) {
        return SimulatorConfig.defaults(dir)
                .withLatency(LatencyModel.parse(latency))
                .withConcurrency(1)
                .withFaults(FaultProfile.parse(faults));
    }

    @Test
    void aRestartedSimulatorKnowsEveryRequestItsScheduleAndTheLedger() throws IOException {
        TestClock clock = new TestClock();
        String done;
        String running;
        String queued;
        JsonNode doneResult;
        Map<String, Integer> paidByPrompt;
        try (Simulator first = Simulator.start(config("fixed:1s", "none"), clock)) {
            SimClient client = new SimClient(first);
            done = client.accepted(editBody("first", pngDataUri(40, 30, Color.RED)));
            clock.advance(Duration.ofSeconds(1));
            doneResult = client.result(done).body();
            running = client.accepted(editBody("second", pngDataUri(40, 30, Color.GREEN)));
            queued = client.accepted(editBody("third", pngDataUri(40, 30, Color.BLUE)));
            paidByPrompt = first.ledger().countsByPrompt();
        }

        try (Simulator second = Simulator.start(config("fixed:1s", "none"), clock)) {
            SimClient client = new SimClient(second);
            SimClient.Reply lateComer = client.submit(editBody("fourth", pngDataUri(40, 30, Color.BLACK)));

            assertThat(client.statusOf(done)).isEqualTo("COMPLETED");
            JsonNode image = client.result(done).body().get("images").get(0);
            assertThat(image.get("file_size")).isEqualTo(doneResult.get("images").get(0).get("file_size"));
            assertThat(image.get("url").stringValue()).startsWith(second.baseUrl());
            assertThat(client.download(image.get("url").stringValue())).hasSize(image.get("file_size").intValue());
            assertThat(client.statusOf(running)).isEqualTo("IN_PROGRESS");
            assertThat(client.statusOf(queued)).isEqualTo("IN_QUEUE");
            assertThat(lateComer.body().get("queue_position").intValue())
                    .as("the replayed schedule still holds the only slot for the earlier requests")
                    .isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            assertThat(client.statusOf(queued)).isEqualTo("COMPLETED");
            assertThat(client.result(queued).status()).isEqualTo(200);
            assertThat(client.statusOf(lateComer.body().get("request_id").stringValue())).isEqualTo("IN_PROGRESS");
            assertThat(second.ledger().total()).isEqualTo(4);
            assertThat(second.ledger().countsByPrompt()).containsAllEntriesOf(paidByPrompt);
        }
    }

    @Test
    void aCancelSurvivesARestart() throws IOException {
        String id;
        try (Simulator first = Simulator.start(config("fixed:10s", "none"))) {
            SimClient client = new SimClient(first);
            id = client.accepted(editBody("cancel me", pngDataUri(8, 8, Color.RED)));
            assertThat(client.cancel(id).status()).isEqualTo(202);
        }

        try (Simulator second = Simulator.start(config("fixed:10s", "none"))) {
            SimClient client = new SimClient(second);

            assertThat(client.status(id).body().get("status").stringValue()).isEqualTo("COMPLETED");
            assertThat(client.result(id).status()).isEqualTo(410);
            assertThat(client.cancel(id).body().get("status").stringValue()).isEqualTo("ALREADY_COMPLETED");
        }
    }

    @Test
    void faultDecisionsContinueWhereTheyLeftOff() throws IOException {
        Map<String, Object> body = editBody("flaky", pngDataUri(8, 8, Color.RED));
        String faults = "submit-429=0.5";

        List<Integer> uninterrupted;
        try (Simulator simulator = Simulator.start(config(stateDir.resolve("once"), "fixed:200ms", faults))) {
            uninterrupted = submitTimes(new SimClient(simulator), body, 8);
        }
        List<Integer> interrupted = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            try (Simulator simulator = Simulator.start(config(stateDir.resolve("twice"), "fixed:200ms", faults))) {
                interrupted.addAll(submitTimes(new SimClient(simulator), body, 4));
            }
        }

        assertThat(uninterrupted).contains(200, 429);
        assertThat(interrupted).isEqualTo(uninterrupted);
    }

    private static List<Integer> submitTimes(SimClient client, Map<String, Object> body, int times) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            statuses.add(client.submit(body).status());
        }
        return statuses;
    }
}
