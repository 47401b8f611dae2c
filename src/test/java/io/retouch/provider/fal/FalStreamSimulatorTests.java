package io.retouch.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.ContractFixtures;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fal adapter's {@code watch} against the simulator over real HTTP: a task followed by one status
 * stream from submit to completion, the verdicts and outages the stream's opening answer carries, the
 * deadline, a cancel that closes the connection, and many streams open at once.
 */
class FalStreamSimulatorTests {

    @TempDir
    Path stateDir;

    private Simulator sim;
    private ContractFixtures fixtures;
    private VendorAdapter adapter;

    private void start(String latency, int concurrency) throws IOException {
        sim = Simulator.start(new SimulatorConfig(0, stateDir, LatencyModel.parse(latency), concurrency,
                FaultProfile.none(), 42, Duration.ofSeconds(4)));
        fixtures = new ContractFixtures();
        adapter = FalAdapter.SPEC.open(new VendorDefinition.Connection(sim.vendorBaseUrl("fal"),
                Map.of("FAL_KEY", "stream-test-key"), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (fixtures != null) fixtures.close();
        if (sim != null) sim.close();
    }

    private String submit(String prompt) {
        SubmitOutcome outcome = adapter.submit(new EditRequest(prompt, List.of(fixtures.inputUrl()), "1:1", "1K", "png",
                1, null), UUID.randomUUID().toString());
        assertThat(outcome).as("submit").isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).vendorRequestId();
    }

    private static PollOutcome settled(CompletableFuture<PollOutcome> watch) throws Exception {
        return watch.get(15, TimeUnit.SECONDS);
    }

    @Test
    void aQueuedTaskIsFinishedOnceItCompletesOverOneStream() throws Exception {
        start("fixed:1s", 1);
        submit("first, takes the only slot");
        String id = submit("second, waits its turn");
        long started = System.nanoTime();

        PollOutcome outcome = settled(adapter.watch(id, Duration.ofSeconds(10)));

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome).isInstanceOf(PollOutcome.Finished.class);
        assertThat(outcome.call().operation()).isEqualTo("status-stream");
        assertThat(outcome.call().durationMillis()).as("held while the task queued and ran").isGreaterThan(1_000);
        System.out.printf("status stream: Finished %d ms after the watch began, the task being due at 2000 ms%n",
                tookMillis);
        assertThat(tookMillis).as("known when it completes, not a poll later").isBetween(1_500L, 2_800L);
        assertThat(adapter.collect(id)).isInstanceOf(CollectOutcome.Outputs.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> sim.openStreams() == 0);
    }

    /** fal has no failed status: a failed task's stream ends COMPLETED, and its result answers the failure. */
    @Test
    void aFailingTaskFinishesAndItsResultFails() throws Exception {
        start("fixed:300ms", 4);
        sim.setFaults("fal: task-failed=1");
        String id = submit("fails");

        assertThat(settled(adapter.watch(id, Duration.ofSeconds(10)))).isInstanceOf(PollOutcome.Finished.class);
        assertThat(adapter.collect(id)).isInstanceOfSatisfying(CollectOutcome.Failed.class,
                failed -> assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED));
    }

    @Test
    void aTaskFalDoesNotKnowIsAVerdict() throws Exception {
        start("fixed:300ms", 4);
        PollOutcome outcome = settled(adapter.watch("00000000-0000-4000-8000-00000000dead", Duration.ofSeconds(5)));
        assertThat(outcome).isInstanceOfSatisfying(PollOutcome.Failed.class, failed -> {
            assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(failed.call().status()).isEqualTo(404);
        });
    }

    @Test
    void pollFaultsOnTheOpeningAnswerLeaveTheTaskAlone() throws Exception {
        start("fixed:300ms", 4);
        String id = submit("outage");

        sim.setFaults("fal: poll-5xx=1");
        assertThat(settled(adapter.watch(id, Duration.ofSeconds(5)))).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE));
        sim.setFaults("fal: poll-malformed=1");
        assertThat(settled(adapter.watch(id, Duration.ofSeconds(5)))).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).contains("not text/event-stream"));
        sim.setFaults("fal: poll-timeout=1");
        assertThat(settled(adapter.watch(id, Duration.ofSeconds(5)))).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).startsWith("transport failure: "));

        sim.setFaults("none");
        assertThat(settled(adapter.watch(id, Duration.ofSeconds(5)))).isInstanceOf(PollOutcome.Finished.class);
    }

    @Test
    void atMaxTheLastStatusIsTheOutcomeAndTheStreamIsClosed() throws Exception {
        start("fixed:20s", 1);
        String running = submit("runs long");
        String queued = submit("waits long");

        assertThat(settled(adapter.watch(running, Duration.ofMillis(700)))).isInstanceOfSatisfying(
                PollOutcome.Running.class, r -> assertThat(r.call().durationMillis()).isBetween(600L, 3_000L));
        assertThat(settled(adapter.watch(queued, Duration.ofMillis(700)))).isInstanceOfSatisfying(
                PollOutcome.Queued.class, q -> assertThat(q.call().message()).isEqualTo("queue position 0"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.openStreams() == 0);
    }

    @Test
    void cancellingTheWatchClosesTheStream() throws Exception {
        start("fixed:20s", 4);
        String id = submit("given up");
        CompletableFuture<PollOutcome> watch = adapter.watch(id, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(3)).until(() -> sim.openStreams() == 1);

        watch.cancel(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> sim.openStreams() == 0);
        assertThat(watch).isCancelled();
    }

    /**
     * Many tasks at once, each with its stream open from submit to completion: every one is Finished,
     * and neither side holds a platform thread per stream (the simulator's are virtual, the client
     * reads without blocking).
     */
    @Test
    void a100StreamsAtOnceHoldNoPlatformThreadEach() throws Exception {
        int tasks = 100;
        start("fixed:12s", 100);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long submitting = System.nanoTime();
        List<CompletableFuture<PollOutcome>> watches = new ArrayList<>();
        for (int i = 0; i < tasks; i++) watches.add(adapter.watch(submit("many " + i), Duration.ofSeconds(40)));
        long submitMillis = (System.nanoTime() - submitting) / 1_000_000;
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.openStreams() == tasks);
        long opened = System.nanoTime();
        int threadsOpen = ManagementFactory.getThreadMXBean().getThreadCount();
        CompletableFuture.allOf(watches.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);

        long allFinishedMillis = (System.nanoTime() - opened) / 1_000_000;

        assertThat(watches).allSatisfy(w -> assertThat(w.get()).isInstanceOf(PollOutcome.Finished.class));
        System.out.printf("status streams: %d submits, each watched at once, in %d ms; peak open %d; platform threads %d before, %d with them"
                        + " open; all Finished %d ms after all were open; fal requests/s peak %d%n", tasks, submitMillis,
                sim.peakOpenStreams(), threadsBefore, threadsOpen, allFinishedMillis,
                sim.load().of("fal").peakRequestsPerSecond());
        assertThat(sim.peakOpenStreams()).isEqualTo(tasks);
        assertThat(threadsOpen - threadsBefore).as("platform threads added for %d open streams", tasks).isLessThan(30);
    }
}
