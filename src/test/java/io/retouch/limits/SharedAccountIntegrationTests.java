package io.retouch.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.job.RunLauncher;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.LoadCounters;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The done criterion: two runs on one vendor account at once stay within the account's
 * limits together, as the vendor (the simulator) counts them. Each run alone may use all of them.
 */
@RetouchTest
// the "vendor" is the simulator on this host: it can fetch presigned URLs of the loopback test store
@TestPropertySource(properties = {"FAL_KEY=shared-account-test-key", "retouch.s3.reachable-by-vendors=true"})
class SharedAccountIntegrationTests {

    private static final int ROWS_PER_RUN = 4;

    @Autowired RunLauncher launcher;
    @Autowired TaskStore tasks;

    @Test
    void twoRunsOnOneAccountAtOnceStayWithinItsLimitsTogether(@TempDir Path dir) throws Exception {
        // a task takes a second at the vendor: the 3 slots fill, and polls of 3 tasks want more than 5 calls a second
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:1s"), 8,
                FaultProfile.none(), 7))) {
            long first = launcher.create(spec(dir.resolve("a"), "shared-account-a", sim));
            long second = launcher.create(spec(dir.resolve("b"), "shared-account-b", sim));

            try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<BatchStatus> a = both.submit(() -> launcher.start(first));
                // once the first dispatches: Spring Batch refuses two job instances created at the same instant
                await().atMost(Duration.ofSeconds(30)).until(() -> tasks.counts(first).keySet().stream()
                        .anyMatch(state -> state != TaskState.PENDING));
                Future<BatchStatus> b = both.submit(() -> launcher.start(second));
                assertThat(a.isDone()).as("the first run still goes when the second starts").isFalse();
                assertThat(List.of(a.get(), b.get())).containsOnly(BatchStatus.COMPLETED);
            }

            for (long run : List.of(first, second))
                assertThat(tasks.counts(run)).containsExactlyEntriesOf(Map.of(TaskState.SUCCEEDED, (long) ROWS_PER_RUN));
            LoadCounters.Load fal = sim.load().of("fal");
            assertThat(fal.peakHeld()).as("tasks the vendor held at once").isEqualTo(3);
            assertThat(fal.peakRequestsPerSecond()).as("calls in any one second").isBetween(4, 5);
        }
    }

    private static JobSpec spec(Path dir, String name, Simulator sim) throws Exception {
        Files.createDirectories(dir);
        Manifests.write(dir, ROWS_PER_RUN);
        return new JobSpecLoader().load(Manifests.spec(dir, name, """
                name: fal
                base-url: %s
                account: shared-team
                max-in-flight: 3
                requests-per-second: 5
                poll-min: 100ms""".formatted(sim.baseUrl("/fal")), "retouch-shared-account"));
    }
}
