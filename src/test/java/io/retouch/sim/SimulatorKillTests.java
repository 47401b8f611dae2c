package io.retouch.sim;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.retouch.sim.SimClient.editBody;
import static io.retouch.sim.SimClient.pngDataUri;
import static org.assertj.core.api.Assertions.assertThat;

/** The state dir survives a {@code kill -9} of the process hosting the simulator, not just a clean close. */
class SimulatorKillTests {

    @TempDir
    Path stateDir;

    @Test
    @Timeout(60)
    void everyAnsweredSubmissionSurvivesSigkill() throws Exception {
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(),
                "--port", "0", "--state-dir", stateDir.toString(), "--latency", "fixed:300ms")
                .redirectErrorStream(true)
                .start();
        String id;
        try {
            String falBaseUrl = awaitFalBaseUrl(host);
            id = new SimClient(falBaseUrl).accepted(editBody("survive", pngDataUri(8, 8, Color.RED)));
        } finally {
            host.destroyForcibly();
            assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try (Simulator restarted = Simulator.start(SimulatorConfig.defaults(stateDir)
                .withLatency(LatencyModel.parse("fixed:300ms")))) {
            SimClient client = new SimClient(restarted);
            client.awaitCompleted(id);

            assertThat(client.result(id).status()).isEqualTo(200);
            assertThat(restarted.ledger().countsByPrompt()).containsEntry("survive", 1);
        }
    }

    private static String awaitFalBaseUrl(Process host) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            // e.g. "fal           base URL: http://127.0.0.1:40123/fal"
            if (line.matches("fal\\s+base URL: .*")) {
                return line.substring(line.indexOf("base URL:") + "base URL:".length()).strip();
            }
        }
        throw new AssertionError("the simulator process ended without announcing its URL");
    }
}
