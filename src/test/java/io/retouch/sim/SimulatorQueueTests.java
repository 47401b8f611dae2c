package io.retouch.sim;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/** fal's account concurrency: requests beyond the limit wait IN_QUEUE, they are never rejected. */
class SimulatorQueueTests {

    private static final Duration LATENCY = Duration.ofSeconds(1);

    @TempDir
    Path stateDir;

    private final TestClock clock = new TestClock();

    private Simulator start(int concurrency) throws IOException {
        return Simulator.start(SimulatorConfig.defaults(stateDir)
                .withLatency(LatencyModel.parse("fixed:1s"))
                .withConcurrency(concurrency), clock);
    }

    @Test
    void withOneSlotEachRequestWaitsForThePreviousOne() throws IOException {
        try (Simulator simulator = start(1)) {
            SimClient client = new SimClient(simulator);
            String first = client.accepted(editBody("one", pngDataUri(8, 8, Color.RED)));
            SimClient.Reply second = client.submit(editBody("two", pngDataUri(8, 8, Color.GREEN)));
            SimClient.Reply third = client.submit(editBody("three", pngDataUri(8, 8, Color.BLUE)));
            String secondId = second.body().get("request_id").stringValue();
            String thirdId = third.body().get("request_id").stringValue();

            assertThat(second.body().get("queue_position").intValue()).isZero();
            assertThat(third.body().get("queue_position").intValue()).isEqualTo(1);
            assertThat(client.statusOf(first)).isEqualTo("IN_PROGRESS");
            assertThat(client.statusOf(secondId)).isEqualTo("IN_QUEUE");
            assertThat(client.status(thirdId).body().get("queue_position").intValue()).isEqualTo(1);

            clock.advance(LATENCY);

            assertThat(client.statusOf(first)).isEqualTo("COMPLETED");
            assertThat(client.statusOf(secondId)).isEqualTo("IN_PROGRESS");
            assertThat(client.statusOf(thirdId)).isEqualTo("IN_QUEUE");
            assertThat(client.status(thirdId).body().get("queue_position").intValue()).isZero();

            clock.advance(LATENCY);

            assertThat(client.statusOf(secondId)).isEqualTo("COMPLETED");
            assertThat(client.statusOf(thirdId)).isEqualTo("IN_PROGRESS");

            clock.advance(LATENCY);

            assertThat(client.statusOf(thirdId)).isEqualTo("COMPLETED");
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

            assertThat(client.statusOf(first)).isEqualTo("IN_PROGRESS");
            assertThat(client.statusOf(second)).isEqualTo("IN_PROGRESS");
            assertThat(client.statusOf(third)).isEqualTo("IN_QUEUE");

            clock.advance(LATENCY);

            assertThat(client.statusOf(first)).isEqualTo("COMPLETED");
            assertThat(client.statusOf(second)).isEqualTo("COMPLETED");
            assertThat(client.statusOf(third)).isEqualTo("IN_PROGRESS");
        }
    }
}
