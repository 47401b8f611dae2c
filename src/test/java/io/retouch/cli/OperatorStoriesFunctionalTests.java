package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stories as a new operator lives them, each process with nothing but a fresh RETOUCH_HOME (so the
 * embedded PostgreSQL and S3, shared between the processes), following only what the console says.
 */
class OperatorStoriesFunctionalTests {

    static final int ROWS = 12;

    @Test
    void commandsAtOnceInOneHomeAllWorkAndARestartOfALiveRunIsRefused(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:3s"), 2,
                FaultProfile.none(), 7))) {
            Map<String, String> env = Map.of("RETOUCH_HOME", dir.resolve("home").toString(), "FAL_KEY", "k",
                    "RETOUCH_S3_REACHABLE_BY_VENDORS", "true");
            RetouchProcess run = RetouchProcess.start(dir.resolve("logs"), env, "run", spec(dir, sim, 2).toString());
            await().atMost(Duration.ofSeconds(120)).until(() -> !run.isAlive() || sim.ledger().total() >= 1);
            List<RetouchProcess> others = new ArrayList<>();
            while (run.isAlive() && others.size() < 9) {
                // three at once beside the run: the embedded database is shared, whoever started it
                List<RetouchProcess> wave = List.of(RetouchProcess.start(dir.resolve("logs"), env, "runs"),
                        RetouchProcess.start(dir.resolve("logs"), env, "status", "1"),
                        RetouchProcess.start(dir.resolve("logs"), env, "restart", "1"));
                for (RetouchProcess p : wave) p.waitFor(120);
                others.addAll(wave);
            }
            assertThat(run.waitFor(180)).as(run.output() + run.errors()).isZero();
            assertThat(others).as("at least one wave ran beside the run").hasSizeGreaterThanOrEqualTo(3);
            for (int i = 0; i < others.size(); i++) {
                RetouchProcess p = others.get(i);
                String all = p.output() + p.errors();
                assertThat(all).doesNotContain("Exception").doesNotContain("\tat ");
                if (i % 3 == 2 && !all.contains("nothing left to do")) {
                    assertThat(p.waitFor(1)).as(all).isEqualTo(2);
                    assertThat(p.errors().strip()).isEqualTo("retouch: run 1 is being processed by another Retouch process");
                } else if (i % 3 != 2) {
                    assertThat(p.waitFor(1)).as(all).isZero();
                }
            }
            assertThat(dir.resolve("home/postgres/postmaster.pid")).as("the last command out stopped the database").doesNotExist();
        }
    }

    @Test
    void afterAKillMidSubmitFollowingTheConsoleEndsWithTheRunCompleted(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:1s"), 4,
                FaultProfile.parse("submit-timeout=1"), 7))) {
            Map<String, String> env = Map.of("RETOUCH_HOME", dir.resolve("home").toString(), "FAL_KEY", "k",
                    "RETOUCH_S3_REACHABLE_BY_VENDORS", "true");
            RetouchProcess run = RetouchProcess.start(dir.resolve("logs"), env, "run", spec(dir, sim, 4).toString());
            // every submission is paid, then its answer hangs: kill -9 while they are on the wire
            await().atMost(Duration.ofSeconds(120)).until(() -> !run.isAlive() || sim.ledger().total() >= 4);
            run.kill();
            sim.setFaults("none");

            // what the operator types: the documented `retouch restart N`, then whatever the console suggests first
            List<String> command = new ArrayList<>(List.of("restart", "1"));
            for (int step = 0; step < 3; step++) {
                RetouchProcess p = RetouchProcess.start(dir.resolve("logs"), env, command.toArray(String[]::new));
                int code = p.waitFor(240);
                assertThat(p.errors()).as("no stack trace").doesNotContain("\tat ");
                if (code == 0) {
                    assertThat(step).as("the killed submissions were in doubt: a plain restart could not finish").isPositive();
                    assertThat(p.output()).contains("COMPLETED").contains("SUCCEEDED " + ROWS);
                    return;
                }
                assertThat(code).as(p.output() + p.errors()).isEqualTo(3);
                Matcher next = Pattern.compile("^\\s+retouch (\\S.*?)\\s{2,}", Pattern.MULTILINE).matcher(p.output());
                assertThat(next.find()).as("the console names a way out:\n" + p.output()).isTrue();
                command = new ArrayList<>(Arrays.asList(next.group(1).strip().split("\\s+")));
            }
            throw new AssertionError("the run did not complete by following the console");
        }
    }

    private static Path spec(Path dir, Simulator sim, int inFlight) throws Exception {
        Manifests.write(dir, ROWS);
        Path spec = Manifests.spec(dir, "stories", """
                name: fal
                base-url: %s
                max-in-flight: %d
                requests-per-second: 100
                poll-min: 100ms""".formatted(sim.baseUrl("/fal"), inFlight), "retouch-stories");
        return spec;
    }

}
