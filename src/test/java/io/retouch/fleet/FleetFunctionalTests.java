package io.retouch.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchProcess;
import io.retouch.testing.RetouchTest;
import io.retouch.testing.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fleet story, as an operator runs it: three `retouch worker` processes and a manager (`run` of
 * a spec with `partitions: 3`) on one PostgreSQL, one S3 and one simulator. A run is spread over
 * every worker and paid once per row; then a worker is killed with SIGKILL in the middle of the
 * next run, and its partition is taken up by another worker, still paid once per recorded submission.
 */
@RetouchTest
class FleetFunctionalTests {

    private static final int SLOTS = 12;
    private static final int RPS = 40;

    @Autowired JdbcClient jdbc;

    @AfterEach
    void noProcessLeftBehind() {
        RetouchProcess.killLeftovers();
    }

    @Test
    void aRunSpreadOverThreeWorkersIsPaidOncePerRowAndSurvivesAWorkerKilledMidRun(@TempDir Path dir) throws Exception {
        Manifests.write(dir, 48);
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"),
                LatencyModel.parse("fixed:1s"), SLOTS, FaultProfile.none(), 11))) {
            Map<String, String> env = new HashMap<>(TestInfrastructure.get().environment());
            env.put("FAL_KEY", "test-key");
            env.put("RETOUCH_S3_REACHABLE_BY_VENDORS", "true");
            env.put("RETOUCH_HOME", dir.resolve("home").toString());
            List<RetouchProcess> workers = new ArrayList<>();
            // one partition at a time each: three partitions go to three workers
            for (int i = 0; i < 3; i++)
                workers.add(RetouchProcess.start(dir.resolve("logs"), env, "worker", "--port", "0", "--partitions", "1"));
            for (RetouchProcess w : workers)
                await().atMost(Duration.ofSeconds(90)).until(() -> w.output().contains("Worker ready") || !w.isAlive());

            Path spec = spec(dir, sim, "fleet-a");
            RetouchProcess manager = RetouchProcess.start(dir.resolve("logs"), env, "run", spec.toString());
            assertThat(manager.waitFor(180)).as(manager.output() + manager.errors()).isZero();
            long first = runId(manager.output());
            for (RetouchProcess w : workers)
                assertThat(w.output()).as("every worker took part").contains("Working partition").contains("of run " + first);
            assertThat(succeeded(first)).isEqualTo(48);
            assertThat(sim.ledger().countsByPrompt()).hasSize(48).allSatisfy((prompt, paid) -> assertThat(paid).as(prompt).isEqualTo(1));
            // the account's limits held across the three workers together, as the vendor counts
            io.retouch.sim.LoadCounters.Load load = sim.load().of("fal");
            assertThat(load.peakHeld()).as("tasks held at the vendor at once").isPositive().isLessThanOrEqualTo(SLOTS);
            assertThat(load.peakRequestsPerSecond()).as("calls started in any one second").isLessThanOrEqualTo(RPS);

            // the same with a worker killed while it works its partition (same prompts: counted from here)
            Map<String, Integer> before = sim.ledger().countsByPrompt();
            RetouchProcess second = RetouchProcess.start(dir.resolve("logs"), env, "run", spec(dir, sim, "fleet-b").toString());
            await().atMost(Duration.ofSeconds(90)).until(() -> runStarted(second) && succeededOf("fleet-b") >= 8);
            long run = runId(second.output());
            RetouchProcess victim = workers.stream().filter(w -> w.output().contains("of run " + run)).findFirst().orElseThrow();
            victim.kill();
            assertThat(second.waitFor(180)).as(second.output() + second.errors()).isZero();
            assertThat(second.output()).contains("lost its worker");
            assertThat(succeeded(run)).as(second.output()).isEqualTo(48);
            // a recorded submission is never paid again; only one caught mid-submission may be (in-doubt: resubmit)
            Map<String, Integer> paid = new HashMap<>(sim.ledger().countsByPrompt());
            before.forEach((prompt, n) -> paid.merge(prompt, -n, Integer::sum));
            long inDoubt = jdbc.sql("SELECT count(DISTINCT task_id) FROM attempt WHERE run_id = ? AND state = 'IN_DOUBT'")
                    .param(run).query(Long.class).single();
            assertThat(paid).hasSize(48);
            assertThat(paid.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(inDoubt);
            assertThat(jdbc.sql("SELECT count(*) FROM attempt WHERE run_id = ? AND state = 'ACCEPTED'").param(run)
                    .query(Long.class).single()).isEqualTo(48);
            for (RetouchProcess w : workers) if (w.isAlive()) w.terminate();
        }
    }

    private static Path spec(Path dir, Simulator sim, String name) throws Exception {
        Path spec = Manifests.spec(dir, name, """
                name: fal
                base-url: %s
                max-in-flight: %d
                requests-per-second: %d
                poll-min: 200ms
                in-doubt: resubmit""".formatted(sim.baseUrl("/fal"), SLOTS, RPS), "retouch-fleet");
        Files.writeString(spec, Files.readString(spec) + "partitions: 3\n");
        return spec;
    }

    private static boolean runStarted(RetouchProcess p) {
        return p.output().contains("Run ");
    }

    private long succeeded(long run) {
        return jdbc.sql("SELECT count(*) FROM task WHERE run_id = ? AND state = 'SUCCEEDED'").param(run).query(Long.class).single();
    }

    private long succeededOf(String job) {
        return jdbc.sql("SELECT count(*) FROM task t JOIN run r ON r.id = t.run_id WHERE r.job_name = ? AND t.state = 'SUCCEEDED'")
                .param(job).query(Long.class).single();
    }

    private static long runId(String output) {
        Matcher m = Pattern.compile("Run (\\d+):").matcher(output);
        if (!m.find()) throw new AssertionError("no run id in output:\n" + output);
        return Long.parseLong(m.group(1));
    }
}
