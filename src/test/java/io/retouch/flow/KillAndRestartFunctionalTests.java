package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchProcess;
import io.retouch.testing.RetouchTest;
import io.retouch.testing.TestInfrastructure;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The crash story: a run's JVM is killed with SIGKILL in the middle of dispatch, then `restart`ed.
 * The simulator (in this JVM, so it outlives the kill) must have been paid exactly once per task,
 * and every task must end SUCCEEDED with exactly one S3 object per output.
 * <p>
 * The kill lands while the second wave of tasks is at the vendor and no submission is under way
 * (a fixed 3 s latency leaves a quiet gap): a kill inside a submission leaves that task in doubt,
 * which the policy holds; that case has its own test.
 */
@RetouchTest
class KillAndRestartFunctionalTests {

    static final int ROWS = 16;

    @Autowired JdbcClient jdbc;
    @Autowired ObjectStore store;
    @Autowired S3Client s3;

    @Test
    void aRunKilledMidDispatchAndRestartedPaysOncePerTaskAndLosesNothing(@TempDir Path dir) throws Exception {
        Manifests.write(dir, ROWS);
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"),
                LatencyModel.parse("fixed:3s"), 4, FaultProfile.none(), 7))) {
            Path spec = Manifests.spec(dir, "kill-test", """
                    name: fal
                    base-url: %s
                    max-in-flight: 4
                    requests-per-second: 100
                    poll-min: 100ms
                    in-doubt: hold""".formatted(sim.baseUrl("/fal")), "retouch-kill");
            Map<String, String> env = new HashMap<>(TestInfrastructure.get().environment());
            env.put("FAL_KEY", "test-key");
            // the "vendor" is the simulator on this host: it can fetch presigned URLs of the loopback test store
            env.put("RETOUCH_S3_REACHABLE_BY_VENDORS", "true");
            env.put("RETOUCH_HOME", dir.resolve("home").toString());

            RetouchProcess first = RetouchProcess.start(dir.resolve("logs"), env, "run", spec.toString());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !first.isAlive() || secondWaveAtVendor(sim));
            assertThat(first.isAlive()).as("still dispatching when killed; output:\n" + first.output() + first.errors()).isTrue();
            first.kill();
            long run = runId(first.output());
            int paidBeforeKill = sim.ledger().total();
            assertThat(paidBeforeKill).isEqualTo(8);
            assertThat(succeeded(run)).isEqualTo(4);

            RetouchProcess restart = RetouchProcess.start(dir.resolve("logs"), env, "restart", Long.toString(run));
            int exit = restart.waitFor(180);
            assertThat(exit).as(restart.output() + restart.errors()).isZero();

            assertThat(sim.ledger().total()).isEqualTo(ROWS);
            assertThat(sim.ledger().countsByPrompt()).hasSize(ROWS).allSatisfy((prompt, count) -> assertThat(count).as(prompt).isEqualTo(1));
            assertThat(succeeded(run)).isEqualTo(ROWS);
            assertThat(jdbc.sql("SELECT count(*) FROM attempt WHERE run_id = ? AND state = 'ACCEPTED'").param(run)
                    .query(Long.class).single()).isEqualTo(ROWS);
            assertOneVerifiedObjectPerOutput(run);
        }
    }

    private void assertOneVerifiedObjectPerOutput(long run) throws Exception {
        List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket("retouch-kill").prefix("kill-test/" + run + "/"))
                .contents().stream().map(o -> o.key()).toList();
        assertThat(keys).hasSize(ROWS).doesNotHaveDuplicates();
        List<Map<String, Object>> outputs = jdbc.sql("SELECT object_key, sha256 FROM output WHERE run_id = ?").param(run)
                .query().listOfRows();
        assertThat(outputs).hasSize(ROWS);
        for (Map<String, Object> o : outputs) {
            byte[] bytes = store.get(new S3Location("retouch-kill", (String) o.get("object_key")));
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(o.get("sha256"));
        }
    }

    /** Four tasks done, four accepted by the vendor and recorded, none mid-submission. */
    private boolean secondWaveAtVendor(Simulator sim) {
        if (sim.ledger().total() != 8) return false;
        Map<String, Object> states = jdbc.sql("""
                SELECT count(*) FILTER (WHERE state = 'SUCCEEDED') AS done,
                       count(*) FILTER (WHERE state IN ('SUBMITTED', 'RUNNING')) AS at_vendor,
                       count(*) FILTER (WHERE state = 'SUBMITTING') AS submitting
                FROM task t JOIN run r ON r.id = t.run_id WHERE r.job_name = 'kill-test'""").query().singleRow();
        return ((Number) states.get("done")).intValue() == 4 && ((Number) states.get("at_vendor")).intValue() == 4
                && ((Number) states.get("submitting")).intValue() == 0;
    }

    private long succeeded(long run) {
        return jdbc.sql("SELECT count(*) FROM task WHERE run_id = ? AND state = 'SUCCEEDED'").param(run).query(Long.class).single();
    }

    static long runId(String output) {
        Matcher m = Pattern.compile("Run (\\d+):").matcher(output);
        if (!m.find()) throw new AssertionError("no run id in output:\n" + output);
        return Long.parseLong(m.group(1));
    }
}
