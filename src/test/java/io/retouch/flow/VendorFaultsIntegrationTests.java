package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.catalog.VendorCatalog;
import io.retouch.run.RunStore;
import io.retouch.job.RunSpecs;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.task.NewTask;
import io.retouch.task.Task;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import io.retouch.vendor.ContractFixtures;
import io.retouch.vendor.VendorDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Every vendor × every fault, through the real pipeline (dispatcher, lanes, PostgreSQL, S3) against
 * the simulator's version of that vendor's protocol: with the fault switched on, every task still
 * reaches the state and class it should, and the simulator's ledger shows no submission paid twice.
 */
@RetouchTest
@TestPropertySource(properties = {"FAL_KEY=k", "MULERUN_API_KEY=k", "RUNFLOW_API_KEY=k", "KIE_API_KEY=k",
        "SINANCODE_API_KEY=k", "AIMLAPI_API_KEY=k", "GEMINI_API_KEY=k", "RETOUCH_GEMINI_BATCH_MAX_WAIT=200ms"})
class VendorFaultsIntegrationTests {

    private static final int TASKS = 3;
    private static Path dir;
    private static Simulator sim;
    private static ContractFixtures inputs;

    @Autowired Dispatcher dispatcher;
    @Autowired Vendors vendors;
    @Autowired TaskStore tasks;
    @Autowired RunStore runs;
    @Autowired RunSpecs specs;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startSimulator() throws Exception {
        dir = Files.createTempDirectory("vendor-faults");
        sim = Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse("fixed:200ms"), 8,
                FaultProfile.none(), 5, Duration.ofSeconds(3)));
        inputs = new ContractFixtures();
    }

    @AfterAll
    static void stop() {
        if (inputs != null) inputs.close();
        if (sim != null) sim.close();
    }

    /** The fault, and where each task must end: state and cause (null: none). */
    enum Case {
        NONE("none", TaskState.SUCCEEDED, null),
        SLOW_AND_BAD_POLLS("slow-queue=0.5,poll-malformed=0.3,poll-5xx=0.2", TaskState.SUCCEEDED, null),
        RATE_LIMITED("submit-429-retry-after=0.4", TaskState.SUCCEEDED, null),
        CONTENT_BLOCKED("content-blocked=1", TaskState.FAILED, "CONTENT_BLOCKED"),
        TASK_FAILED("task-failed=1", TaskState.FAILED, "VENDOR_TASK_FAILED"),
        EXPIRED_OUTPUT("expired-output=1", TaskState.FAILED, "OUTPUT_EXPIRED"),
        SERVER_ERRORS("submit-5xx=1", TaskState.FAILED, "RETRYABLE"),
        OUT_OF_CREDIT("out-of-credit=1", TaskState.RETRY_WAIT, "OUT_OF_CREDIT"),
        UNAUTHORIZED("unauthorized=1", TaskState.RETRY_WAIT, "UNAUTHORIZED"),
        GARBLED_SUBMIT("submit-malformed=1", TaskState.IN_DOUBT, "IN_DOUBT");

        final String faults;
        final TaskState state;
        final String cause;

        Case(String faults, TaskState state, String cause) {
            this.faults = faults;
            this.state = state;
            this.cause = cause;
        }

        /** Faults the simulator cannot inflict on a vendor's protocol (inline outputs cannot expire). */
        boolean appliesTo(String vendor) {
            return !(this == EXPIRED_OUTPUT && vendor.startsWith("gemini"));
        }

        /** Did the vendor take (and charge for) each submission? */
        boolean paid() {
            return this != SERVER_ERRORS && this != OUT_OF_CREDIT && this != UNAUTHORIZED;
        }
    }

    static Stream<Arguments> vendorsAndFaults() {
        List<Arguments> all = new ArrayList<>();
        for (VendorDefinition v : VendorCatalog.all())
            for (Case c : Case.values())
                if (c.appliesTo(v.name())) all.add(Arguments.of(v.name(), c));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("vendorsAndFaults")
    void everyTaskEndsAsItShouldAndNothingIsPaidTwice(String vendor, Case c) throws Exception {
        sim.setFaults("none");
        sim.setFaults(vendor + ": " + c.faults);
        JobSpec spec = spec(vendor);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long run = newRun(spec, vendor, tag);

        dispatch(run, spec);
        if (c == Case.GARBLED_SUBMIT && vendor.equals("runflow")) {
            // Runflow carries our attempt id (client_ref): the next dispatch finds each task instead of paying again
            sim.setFaults("none");
            dispatch(run, spec);
            assertEnded(run, TaskState.SUCCEEDED, null);
        } else {
            assertEnded(run, c.state, c.cause);
        }

        var paidPerPrompt = sim.ledger().countsByPrompt().entrySet().stream()
                .filter(e -> e.getKey().contains(tag)).map(java.util.Map.Entry::getValue).toList();
        assertThat(paidPerPrompt).as("paid submissions per task").hasSize(c.paid() ? TASKS : 0)
                .allSatisfy(n -> assertThat(n).isEqualTo(1));
        long outputs = jdbc.sql("SELECT count(*) FROM output WHERE run_id = ?").param(run).query(Long.class).single();
        assertThat(outputs).isEqualTo(tasks.counts(run).getOrDefault(TaskState.SUCCEEDED, 0L));
    }

    private void assertEnded(long run, TaskState state, String cause) {
        List<Task> all = tasks.inStates(run, Set.of(TaskState.values()), Set.of(), 100);
        assertThat(all).hasSize(TASKS).allSatisfy(t -> assertThat(t.state()).as("task %s", t.itemKey()).isEqualTo(state));
        List<String> causes = jdbc.sql("SELECT coalesce(error_class, '-') FROM task WHERE run_id = ?").param(run)
                .query(String.class).list();
        if (cause != null) assertThat(causes).containsOnly(cause);
    }

    private void dispatch(long run, JobSpec spec) throws Exception {
        try (Vendors.Opened opened = vendors.open(run, spec)) {
            dispatcher.dispatch(opened.context());
        }
    }

    private JobSpec spec(String vendor) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve(vendor + "-" + UUID.randomUUID()));
        Manifests.write(runDir, 1);
        VendorDefinition definition = VendorCatalog.find(vendor).orElseThrow();
        return new JobSpecLoader().load(Manifests.spec(runDir, "faults-" + vendor, """
                name: %s
                base-url: %s
                max-in-flight: 3
                requests-per-second: 500
                poll-min: 50ms
                max-attempts: 2
                task-timeout: 1m
                in-doubt: hold""".formatted(vendor, sim.baseUrl(definition.simulatorPath())), "retouch-faults"));
    }

    private long newRun(JobSpec spec, String vendor, String tag) {
        long run = runs.create(spec.name(), spec.specFile().toString(), specs.toJson(spec));
        List<NewTask> rows = new ArrayList<>();
        for (int i = 0; i < TASKS; i++)
            rows.add(new NewTask(run, "item-" + i, i + 2, vendor, new TaskRequest("faults " + tag + " edit " + i,
                    List.of(inputs.inputUrl()), "1:1", "1K", "png", 1, null)));
        tasks.insertAll(rows);
        return run;
    }
}
