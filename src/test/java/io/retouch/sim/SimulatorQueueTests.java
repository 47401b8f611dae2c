package io.retouch.sim;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/** fal's account concurrency: requests beyond the limit wait IN_QUEUE, they are never rejected. */
class SimulatorQueueTests {

    @TempDir
    Path stateDir;

    private Simulator start(int concurrency) throws IOException {
        return Simulator.start(SimulatorConfig.defaults(stateDir)
                .withLatency(LatencyModel.parse("fixed:1s"))
                .withConcurrency(concurrency));
    }

    @Test
    void withOneSlotTheNextRequestWaitsUntilTheFirstFinishes() throws IOException {
        try (Simulator simulator = start(1)) {
            SimClient client = new SimClient(simulator);
            String first = client.accepted(editBody("one", pngDataUri(8, 8, Color.RED)));
            SimClient.Reply second = client.submit(editBody("two", pngDataUri(8, 8, Color.GREEN)));
            SimClient.Reply third = client.submit(editBody("three", pngDataUri(8, 8, Color.BLUE)));
            String secondId = second.body().get("request_id").stringValue();
            String thirdId = third.body().get("request_id").stringValue();

            assertThat(second.body().get("queue_position").intValue()).isZero();
            assertThat(third.body().get("queue_position").intValue()).isEqualTo(1);
            assertThat(client.status(first).body().get("status").stringValue()).isEqualTo("IN_PROGRESS");
            JsonNode waiting = client.status(thirdId).body();
            assertThat(waiting.get("status").stringValue()).isEqualTo("IN_QUEUE");
            assertThat(waiting.get("queue_position").intValue()).isEqualTo(1);

            client.awaitCompleted(first);

            assertThat(client.status(secondId).body().get("status").stringValue()).isEqualTo("IN_PROGRESS");
            assertThat(client.status(thirdId).body().get("queue_position").intValue()).isZero();
            client.awaitCompleted(thirdId);
            assertThat(client.result(thirdId).status()).isEqualTo(200);
        }
    }

    @Test
    void requestsWithinTheLimitRunSideBySide() throws IOException {
        try (Simulator simulator = start(2)) {
            SimClient client = new SimClient(simulator);
            String first = client.accepted(editBody("one", pngDataUri(8, 8, Color.RED)));
            String second = client.accepted(editBody("two", pngDataUri(8, 8, Color.GREEN)));
            String third = client.accepted(editBody("three", pngDataUri(8, 8, Color.BLUE)));

            assertThat(client.status(first).body().get("status").stringValue()).isEqualTo("IN_PROGRESS");
            assertThat(client.status(second).body().get("status").stringValue()).isEqualTo("IN_PROGRESS");
            assertThat(client.status(third).body().get("status").stringValue()).isEqualTo("IN_QUEUE");
        }
    }
}
