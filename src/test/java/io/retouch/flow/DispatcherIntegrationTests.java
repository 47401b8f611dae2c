package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.job.RunSpecs;
import io.retouch.run.RunStore;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.LoadCounters;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.task.AttemptStore;
import io.retouch.task.NewTask;
import io.retouch.task.Task;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The dispatcher against the simulator over real HTTP, with real PostgreSQL and S3. */
@RetouchTest
@TestPropertySource(properties = "FAL_KEY=dispatcher-test-key")
class DispatcherIntegrationTests {

    @Autowired Dispatcher dispatcher;
    @Autowired Vendors vendors;
    @Autowired TaskStore tasks;
    @Autowired AttemptStore attempts;
    @Autowired RunStore runs;
    @Autowired RunSpecs specs;
    @Autowired JdbcClient jdbc;

    @Test
    void aTaskCaughtMidSubmitIsHeldInDoubtThenResubmittedOnlyWhenTheOperatorSaysSo(@TempDir Path dir) throws Exception {
        try (Simulator sim = simulator(dir, FaultProfile.none())) {
            JobSpec spec = spec(dir, sim, "hold");
            long run = newRun(spec, 6);
            Task crashed = tasks.inStates(run, Set.of(TaskState.PENDING), Set.of(), 1).getFirst();
            attempts.begin(crashed, io.retouch.money.Charges.free(crashed)); // intent recorded, then "the process died" before the vendor answered

            dispatch(run, spec);
            assertThat(tasks.get(crashed.id()).state()).isEqualTo(TaskState.IN_DOUBT);
            assertThat(tasks.counts(run)).containsEntry(TaskState.SUCCEEDED, 5L);
            assertThat(sim.ledger().total()).isEqualTo(5);

            specs.setInDoubtPolicy(run, JobSpec.InDoubtPolicy.RESUBMIT);
            dispatch(run, specs.of(run));
            assertThat(tasks.get(crashed.id()).state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(sim.ledger().total()).isEqualTo(6);
        }
    }

    @Test
    void withFaultsEveryTaskStillEndsAndNoSubmissionIsPaidTwice(@TempDir Path dir) throws Exception {
        FaultProfile faults = FaultProfile.parse("submit-5xx=0.2,submit-429=0.1,submit-429-retry-after=0.1,result-422=0.15,expired-output=0.1");
        try (Simulator sim = simulator(dir, faults)) {
            JobSpec spec = spec(dir, sim, "hold");
            long run = newRun(spec, 20);
            dispatch(run, spec);

            Map<TaskState, Long> counts = tasks.counts(run);
            assertThat(counts.getOrDefault(TaskState.SUCCEEDED, 0L) + counts.getOrDefault(TaskState.FAILED, 0L)).isEqualTo(20);
            assertThat(counts.getOrDefault(TaskState.FAILED, 0L)).isPositive();
            assertThat(sim.ledger().countsByPrompt().values()).allSatisfy(c -> assertThat(c).isEqualTo(1));
            List<String> causes = jdbc.sql("SELECT DISTINCT error_class FROM task WHERE run_id = ? AND state = 'FAILED'")
                    .param(run).query(String.class).list();
            assertThat(causes).isSubsetOf("VENDOR_TASK_FAILED", "CONTENT_BLOCKED", "INVALID_REQUEST", "OUTPUT_EXPIRED");
            long refused = jdbc.sql("SELECT count(*) FROM attempt WHERE run_id = ? AND state = 'REFUSED'").param(run)
                    .query(Long.class).single();
            assertThat(refused).as("5xx and 429 were refused and retried").isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM output WHERE run_id = ?").param(run).query(Long.class).single())
                    .isEqualTo(counts.getOrDefault(TaskState.SUCCEEDED, 0L));
        }
    }

    // A stop ends the pipeline's waits (for a turn, between polls) with an InterruptedException; each pipeline then
    // gives its slot back itself. (A worker's log once showed that release failing "Closed by interrupt", when the
    // pipeline set the thread's interrupt flag again; this test did not reproduce it in one JVM.)
    @Test
    void aStoppedDispatchGivesItsSlotsBackOverAWorkingConnection(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:5s"), 4,
                FaultProfile.none(), 11))) {
            // one call every 2 s: while the first task is at the vendor, the others hold slots and wait for their turn
            JobSpec spec = falSpec(dir, sim, "dispatch-stop-test", 4, "0.5");
            long run = newRun(spec, 4);
            stopMidDispatch(spec, run, () -> tasks.counts(run).getOrDefault(TaskState.SUBMITTED, 0L)
                    + tasks.counts(run).getOrDefault(TaskState.RUNNING, 0L) >= 1, false, () ->
                    // before the lanes close (which gives back whatever is left): each pipeline gave its own slot back
                    assertThat(jdbc.sql("SELECT count(*) FROM vendor_lease WHERE task_id IN (SELECT id FROM task WHERE run_id = ?)")
                            .param(run).query(Long.class).single()).as("no lease left behind by the stop").isZero());
        }
    }

    // `retouch stop --cancel` once sent every held task's cancel at once, outside the account's rate: six cancels in
    // the same second to a vendor allowed two calls a second.
    @Test
    void theCancelsOfAStopWithCancelKeepToTheVendorsRate(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:60s"), 6,
                FaultProfile.none(), 11))) {
            JobSpec spec = falSpec(dir, sim, "dispatch-cancel-test", 6, "2");
            long run = newRun(spec, 6);
            Thread dispatching = stopMidDispatch(spec, run, () -> sim.ledger().total() == 6, true, () -> { });
            assertThat(dispatching.isAlive()).isFalse();
            assertThat(sim.load().totalsOf("fal", System.currentTimeMillis()).requestsByKind())
                    .as("every task held was asked to cancel").containsEntry(LoadCounters.Kind.CANCEL, 6L);
            assertThat(sim.load().of("fal").peakRequestsPerSecond()).as("calls in any one second").isLessThanOrEqualTo(3);
        }
    }

    /** A spec of fal at the simulator, with {@code inFlight} slots and {@code rate} calls a second. */
    private static JobSpec falSpec(Path dir, Simulator sim, String name, int inFlight, String rate) throws Exception {
        Manifests.write(dir, 1);
        return new JobSpecLoader().load(Manifests.spec(dir, name, """
                name: fal
                base-url: %s
                max-in-flight: %d
                requests-per-second: %s
                in-doubt: hold""".formatted(sim.baseUrl("/fal"), inFlight, rate), "retouch-dispatch"));
    }

    /**
     * Dispatches {@code run} on a thread of its own, asks it to stop (and cancel) once {@code when} holds, waits for
     * it to end, runs {@code whileOpen} before its lanes close, and returns the dispatching thread.
     */
    private Thread stopMidDispatch(JobSpec spec, long run, java.util.concurrent.Callable<Boolean> when, boolean cancel,
                                   Runnable whileOpen) throws Exception {
        StopSignal stop = new StopSignal();
        try (Vendors.Opened opened = vendors.open(io.retouch.task.Slice.whole(run), spec, stop)) {
            Thread dispatching = Thread.ofVirtual().start(() -> {
                try {
                    dispatcher.dispatch(opened.context());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(when);
            stop.request(cancel ? "`retouch stop --cancel`" : "test", cancel);
            dispatching.join(java.time.Duration.ofSeconds(30));
            whileOpen.run();
            return dispatching;
        }
    }

    private void dispatch(long run, JobSpec spec) throws Exception {
        try (Vendors.Opened opened = vendors.open(run, spec)) {
            dispatcher.dispatch(opened.context());
        }
    }

    private Simulator simulator(Path dir, FaultProfile faults) throws Exception {
        return Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("uniform:200ms-600ms"), 4, faults, 11));
    }

    private JobSpec spec(Path dir, Simulator sim, String inDoubt) throws Exception {
        Manifests.write(dir, 1);
        Path file = Manifests.spec(dir, "dispatch-test", """
                name: fal
                base-url: %s
                max-in-flight: 4
                requests-per-second: 200
                poll-min: 50ms
                max-attempts: 10
                in-doubt: %s""".formatted(sim.baseUrl("/fal"), inDoubt), "retouch-dispatch");
        return new JobSpecLoader().load(file);
    }

    /** A run with {@code n} tasks whose input is a data: URI the simulator decodes. */
    private long newRun(JobSpec spec, int n) {
        long run = runs.create(spec.name(), spec.specFile().toString(), specs.toJson(spec));
        String input = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png());
        List<NewTask> rows = new ArrayList<>();
        for (int i = 0; i < n; i++)
            rows.add(new NewTask(run, "item-" + i, i + 2, "fal",
                    new TaskRequest("dispatch " + run + " edit " + i, List.of(input), "1:1", "1K", "png", 1, null)));
        tasks.insertAll(rows);
        return run;
    }

    private static byte[] png() {
        try {
            var image = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
