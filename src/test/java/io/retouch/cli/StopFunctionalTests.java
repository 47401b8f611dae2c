package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchProcess;
import io.retouch.testing.RetouchTest;
import io.retouch.testing.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stopping a run the way an operator does: SIGTERM to the process (a service manager, `kill`), or
 * `retouch stop` from another process. Either way the run stops submitting at once, exits with
 * one line and no stack trace, and `restart` finishes it without paying twice for any row.
 */
@RetouchTest
class StopFunctionalTests {

    static final int ROWS = 16;
    static final Pattern STOPPED = Pattern.compile("^Run (\\d+) stopped \\((.+?)\\): .*`retouch restart \\1` continues it\\.$");

    @Autowired JdbcClient jdbc;

    @Test
    void sigtermMidDispatchExitsWithOneLineAndRestartFinishesPayingOncePerRow(@TempDir Path dir) throws Exception {
        try (Simulator sim = simulator(dir)) {
            Map<String, String> env = env(dir);
            RetouchProcess run = RetouchProcess.start(dir.resolve("logs"), env, "run", spec(dir, sim, "sigterm-test").toString());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !run.isAlive() || sim.ledger().total() >= 4);
            assertThat(run.isAlive()).as(run.output() + run.errors()).isTrue();
            run.terminate();
            assertThat(run.waitFor(30)).as(run.output() + run.errors()).isEqualTo(3);
            List<String> lines = run.output().lines().toList();
            Matcher last = STOPPED.matcher(lines.getLast());
            assertThat(last.matches()).as(run.output()).isTrue();
            assertThat(last.group(2)).isEqualTo("SIGTERM");
            assertThat(run.errors()).as("nothing on stderr").isEmpty();
            assertThat(run.output()).doesNotContain("Exception").doesNotContain("\tat ");

            long id = Long.parseLong(last.group(1));
            assertThat(sim.ledger().total()).as("nothing sent after the signal").isLessThan(ROWS);
            RetouchProcess restart = RetouchProcess.start(dir.resolve("logs"), env, "restart", Long.toString(id));
            assertThat(restart.waitFor(180)).as(restart.output() + restart.errors()).isZero();
            assertThat(sim.ledger().countsByPrompt()).hasSize(ROWS).allSatisfy((prompt, n) -> assertThat(n).as(prompt).isEqualTo(1));
            assertThat(count(id, "SUCCEEDED")).isEqualTo(ROWS);
        }
    }

    @Test
    void retouchStopFromAnotherProcessStopsTheRunAndCancelCancelsWhatWasNeverSent(@TempDir Path dir) throws Exception {
        try (Simulator sim = simulator(dir)) {
            Map<String, String> env = env(dir);
            RetouchProcess run = RetouchProcess.start(dir.resolve("logs"), env, "run", spec(dir, sim, "stop-test").toString());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !run.isAlive() || sim.ledger().total() >= 4);
            long id = runId(run.output());

            Cli.Result stop = Cli.run("stop", Long.toString(id), "--cancel");
            assertThat(stop.exitCode()).as(stop.toString()).isZero();
            assertThat(stop.out()).contains("Asked the process working run " + id + " to stop and cancel what it can.");
            assertThat(run.waitFor(60)).as(run.output() + run.errors()).isEqualTo(3);
            assertThat(run.output().lines().toList().getLast()).contains("stopped (`retouch stop --cancel`)");
            assertThat(run.errors()).isEmpty();
            int paid = sim.ledger().total();
            assertThat(count(id, "CANCELLED")).as("what was never sent is cancelled").isEqualTo(ROWS - paid);

            assertThat(Cli.run("stop", Long.toString(id)).out()).contains("No process works run " + id);
            RetouchProcess restart = RetouchProcess.start(dir.resolve("logs"), env, "restart", Long.toString(id));
            assertThat(restart.waitFor(180)).as(restart.output() + restart.errors()).isIn(0, 1);
            assertThat(sim.ledger().total()).as("cancelled tasks are never sent").isEqualTo(paid);
            assertThat(sim.ledger().countsByPrompt().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        }
    }

    private static Simulator simulator(Path dir) throws Exception {
        return Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:3s"), 4, FaultProfile.none(), 7));
    }

    private static Map<String, String> env(Path dir) {
        Map<String, String> env = new HashMap<>(TestInfrastructure.get().environment());
        env.put("FAL_KEY", "test-key");
        env.put("RETOUCH_S3_REACHABLE_BY_VENDORS", "true"); // the simulator on this host can fetch the loopback store
        env.put("RETOUCH_HOME", dir.resolve("home").toString());
        return env;
    }

    private static Path spec(Path dir, Simulator sim, String name) throws Exception {
        Manifests.write(dir, ROWS);
        return Manifests.spec(dir, name, """
                name: fal
                base-url: %s
                max-in-flight: 4
                requests-per-second: 100
                poll-min: 100ms""".formatted(sim.baseUrl("/fal")), "retouch-stop");
    }

    private long count(long run, String state) {
        return jdbc.sql("SELECT count(*) FROM task WHERE run_id = ? AND state = ?").params(run, state).query(Long.class).single();
    }

    private static long runId(String output) {
        Matcher m = Pattern.compile("Run (\\d+):").matcher(output);
        if (!m.find()) throw new AssertionError("no run id in output:\n" + output);
        return Long.parseLong(m.group(1));
    }
}
