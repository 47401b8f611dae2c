package io.retouch.sim;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/** Injected faults look like fal's, and are repeatable for a given seed. */
class SimulatorFaultTests {

    @TempDir
    Path stateDir;

    private Simulator start(String faults, Path dir) throws IOException {
        return Simulator.start(SimulatorConfig.defaults(dir)
                .withLatency(LatencyModel.parse("fixed:200ms"))
                .withFaults(FaultProfile.parse(faults)));
    }

    @Test
    void aFailedRequestCompletesAndThenAnswers422() throws IOException {
        try (Simulator simulator = start("result-422=1", stateDir)) {
            SimClient client = new SimClient(simulator);
            String id = client.accepted(editBody("something forbidden", pngDataUri(16, 16, Color.RED)));
            client.awaitCompleted(id);

            SimClient.Reply result = client.result(id);

            assertThat(result.status()).isEqualTo(422);
            JsonNode violation = result.body().get("detail").get(0);
            assertThat(violation.get("type").stringValue()).isEqualTo("content_policy_violation");
            assertThat(violation.get("loc").toString()).isEqualTo("[\"body\",\"prompt\"]");
            assertThat(simulator.ledger().total()).as("the failed request was accepted, so paid").isEqualTo(1);
        }
    }

    @Test
    void expiredOutputsAreListedButNoLongerServed() throws IOException {
        try (Simulator simulator = start("expired-output=1", stateDir)) {
            SimClient client = new SimClient(simulator);
            String id = client.accepted(editBody("too late", pngDataUri(16, 16, Color.RED)));
            client.awaitCompleted(id);

            SimClient.Reply result = client.result(id);
            String url = result.body().get("images").get(0).get("url").stringValue();

            assertThat(result.status()).isEqualTo(200);
            assertThat(client.get(url).status()).isEqualTo(410);
        }
    }

    @Test
    void submit5xxLooksLikeARunnerSchedulingFailure() throws IOException {
        try (Simulator simulator = start("submit-5xx=1", stateDir)) {
            SimClient.Reply reply = new SimClient(simulator).submit(editBody("x", pngDataUri(8, 8, Color.RED)));

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("X-Fal-Error-Type")).isEqualTo("runner_scheduling_failure");
            assertThat(reply.body().get("error_type").stringValue()).isEqualTo("runner_scheduling_failure");
            assertThat(reply.body().get("detail").isString()).isTrue();
            assertThat(simulator.ledger().total()).isZero();
        }
    }

    @Test
    void rateLimitsComeWithOrWithoutRetryAfter() throws IOException {
        try (Simulator plain = start("submit-429=1", stateDir.resolve("plain"));
             Simulator polite = start("submit-429-retry-after=1", stateDir.resolve("polite"))) {
            SimClient.Reply withoutHint = new SimClient(plain).submit(editBody("x", pngDataUri(8, 8, Color.RED)));
            SimClient.Reply withHint = new SimClient(polite).submit(editBody("x", pngDataUri(8, 8, Color.RED)));

            assertThat(withoutHint.status()).isEqualTo(429);
            assertThat(withoutHint.header("Retry-After")).isNull();
            assertThat(withHint.status()).isEqualTo(429);
            assertThat(withHint.header("Retry-After")).isEqualTo("1");
            assertThat(plain.ledger().total() + polite.ledger().total()).isZero();
        }
    }

    @Test
    void retryingTheSameBodyEventuallySucceedsTheSameWayEveryTime() throws IOException {
        Map<String, Object> body = editBody("retry me", pngDataUri(8, 8, Color.RED));

        List<Integer> firstRun = submitUntilAccepted(body, stateDir.resolve("first"));
        List<Integer> secondRun = submitUntilAccepted(body, stateDir.resolve("second"));

        assertThat(firstRun).endsWith(200).isEqualTo(secondRun);
        assertThat(firstRun.subList(0, firstRun.size() - 1)).allMatch(status -> status == 429 || status == 503);
    }

    private List<Integer> submitUntilAccepted(Map<String, Object> body, Path dir) throws IOException {
        try (Simulator simulator = start("submit-5xx=0.3,submit-429=0.3", dir)) {
            SimClient client = new SimClient(simulator);
            List<Integer> statuses = new ArrayList<>();
            while (statuses.isEmpty() || statuses.getLast() != 200) {
                statuses.add(client.submit(body).status());
                assertThat(statuses).hasSizeLessThan(40);
            }
            assertThat(simulator.ledger().total()).isEqualTo(1);
            return statuses;
        }
    }
}
