package io.retouch.serve;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * `retouch serve` as an operator runs it, in processes of its own on one PostgreSQL: two serves
 * fire each scheduled instant once; a run whose process was killed is restarted by serve and paid
 * once per row; SIGTERM hands serve's own runs back for the next serve; metrics move over HTTP.
 * Each test has a database of its own: serve restarts every dead run it finds, and other tests
 * leave some behind on the shared one.
 */
@RetouchTest
class ServeFunctionalTests {

    static final Pattern PORT = Pattern.compile("Health and metrics on http://localhost:(\\d+)/");

    @Autowired JdbcClient shared;
    JdbcClient jdbc;
    String databaseUrl;

    @BeforeEach
    void databaseOfItsOwn() {
        Map<String, String> infra = TestInfrastructure.get().properties();
        String name = "serve_" + System.nanoTime();
        shared.sql("CREATE DATABASE " + name).update();
        databaseUrl = infra.get("spring.datasource.url").replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        jdbc = JdbcClient.create(new DriverManagerDataSource(databaseUrl, infra.get("spring.datasource.username"),
                infra.get("spring.datasource.password")));
    }

    @AfterEach
    void noServeOutlivesItsTest() {
        RetouchProcess.killLeftovers();
    }

    @Test
    void twoServesOnOneDatabaseFireEachInstantOnce(@TempDir Path dir) throws Exception {
        try (Simulator sim = simulator(dir, "fixed:300ms")) {
            Path jobs = jobs(dir, sim, "serve-twice", 2, "*/5 * * * * *");
            RetouchProcess a = serve(dir, "a", jobs);
            RetouchProcess b = serve(dir, "b", jobs);
            await().atMost(Duration.ofSeconds(120)).until(() -> up(a) && up(b) || !a.isAlive() || !b.isAlive());
            assertThat(up(a) && up(b)).as(a.output() + a.errors() + b.output() + b.errors()).isTrue();
            long before = firings("serve-twice");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> firings("serve-twice") >= before + 3);

            for (RetouchProcess serve : List.of(a, b)) {
                serve.terminate();
                assertThat(serve.waitFor(60)).as(serve.output() + serve.errors()).isZero();
                assertThat(serve.output().lines().toList().getLast()).startsWith("Serve stopped (SIGTERM)");
                assertThat(serve.errors()).isEmpty();
                assertThat(serve.output()).doesNotContain("Exception").doesNotContain("\tat ");
            }
            String table = jdbc.sql("SELECT * FROM schedule_firing ORDER BY scheduled_at").query().listOfRows().toString();
            List<Long> started = jdbc.sql("""
                    SELECT run_id FROM schedule_firing WHERE job_name = 'serve-twice' AND outcome = 'STARTED'""")
                    .query(Long.class).list();
            // a firing while the job's previous run still goes is skipped, and says so
            assertThat(started).as(table).doesNotContainNull().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
            assertThat(jdbc.sql("SELECT id FROM run WHERE job_name = 'serve-twice'").query(Long.class).list())
                    .as("one run per firing, none beside").containsExactlyInAnyOrderElementsOf(started);
            List<String> fired = fired(a.output() + b.output());
            assertThat(fired).as("no instant fired by both").doesNotHaveDuplicates().hasSameSizeAs(started);
            assertThat(fired.size() + skipped(a.output() + b.output())).as("one line per firing").isEqualTo(firings("serve-twice"));
        }
    }

    @Test
    void serveRestartsAKilledRunAndHandsItsOwnBackOnSigtermPayingOncePerRow(@TempDir Path dir) throws Exception {
        int rows = 12;
        try (Simulator sim = simulator(dir, "fixed:3s")) {
            Path jobs = jobs(dir, sim, "serve-kill", rows, null);
            RetouchProcess run = RetouchProcess.start(dir.resolve("logs"), env(dir, "run"), "run", jobs.resolve("serve-kill.yaml").toString());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).ignoreExceptions() // until it migrated
                    .until(() -> !run.isAlive() || quietAtVendor(sim, 4));
            assertThat(run.isAlive()).as(run.output() + run.errors()).isTrue();
            run.kill();
            long id = runId(run.output());

            RetouchProcess first = serve(dir, "first", jobs);
            await().atMost(Duration.ofSeconds(120)).until(() -> first.output().contains("Recovering run " + id) || !first.isAlive());
            assertThat(first.output()).as(first.output() + first.errors()).contains("Recovering run " + id + " (serve-kill)");
            String early = await().atMost(Duration.ofSeconds(60)).until(() -> metrics(first), m -> callsOf(m) > 0);
            assertThat(early).contains("retouch_tasks{state=").contains("vendor=\"fal\"");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> quietAtVendor(sim, 8));
            assertThat(callsOf(metrics(first))).as("vendor calls counted as they happen").isGreaterThan(callsOf(early));

            first.terminate();
            assertThat(first.waitFor(60)).as(first.output() + first.errors()).isZero();
            assertThat(first.output()).contains("Run " + id + " (serve-kill) handed back: serve stopping (SIGTERM)");
            assertThat(first.output().lines().toList().getLast()).isEqualTo("Serve stopped (SIGTERM); its runs were handed back.");
            assertThat(first.errors()).isEmpty();
            assertThat(status(id)).as("left for the next serve, not for the operator").isEqualTo("DISPATCHING");

            RetouchProcess second = serve(dir, "second", jobs);
            await().atMost(Duration.ofSeconds(180)).until(() -> second.output().contains("Run " + id + " (serve-kill) COMPLETED")
                    || !second.isAlive());
            assertThat(second.output()).as(second.output() + second.errors()).contains("Recovering run " + id);
            second.terminate();
            assertThat(second.waitFor(60)).as(second.output() + second.errors()).isZero();

            assertThat(status(id)).isEqualTo("COMPLETED");
            assertThat(sim.ledger().countsByPrompt()).as("paid once per row").hasSize(rows)
                    .allSatisfy((prompt, n) -> assertThat(n).as(prompt).isEqualTo(1));
        }
    }

    private static Simulator simulator(Path dir, String latency) throws Exception {
        return Simulator.start(new SimulatorConfig(0, dir.resolve("sim"), LatencyModel.parse(latency), 4, FaultProfile.none(), 7));
    }

    /** A jobs folder holding one spec (with {@code cron}, when given) and its manifest. */
    private static Path jobs(Path dir, Simulator sim, String name, int rows, String cron) throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Manifests.write(jobs, rows);
        Path spec = Manifests.spec(jobs, name, """
                name: fal
                base-url: %s
                max-in-flight: 4
                requests-per-second: 100
                poll-min: 100ms
                in-doubt: hold""".formatted(sim.baseUrl("/fal")), "retouch-serve");
        if (cron != null) Files.writeString(spec, Files.readString(spec) + "schedule: \"" + cron + "\"\n");
        return jobs;
    }

    private RetouchProcess serve(Path dir, String name, Path jobs) throws Exception {
        return RetouchProcess.start(dir.resolve("logs"), env(dir, name), "serve", "--jobs", jobs.toString(), "--port", "0",
                "--recover-every", "1s", "--recover-grace", "2s");
    }

    private Map<String, String> env(Path dir, String home) {
        Map<String, String> env = new HashMap<>(TestInfrastructure.get().environment());
        env.put("FAL_KEY", "test-key");
        env.put("RETOUCH_S3_REACHABLE_BY_VENDORS", "true"); // the simulator on this host can fetch the loopback store
        env.put("RETOUCH_HOME", dir.resolve("home-" + home).toString());
        env.put("SPRING_DATASOURCE_URL", databaseUrl);
        return env;
    }

    private static boolean up(RetouchProcess serve) {
        return PORT.matcher(serve.output()).find();
    }

    private static String metrics(RetouchProcess serve) throws Exception {
        Matcher m = PORT.matcher(serve.output());
        assertThat(m.find()).isTrue();
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + m.group(1) + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }

    /** The sum of retouch_vendor_calls_total over its series. */
    private static double callsOf(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("retouch_vendor_calls_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The "Fired JOB (INSTANT)" parts of serve's lines. */
    private static List<String> fired(String output) {
        return output.lines().filter(l -> l.startsWith("Fired ")).map(l -> l.substring(0, l.indexOf(')') + 1)).toList();
    }

    private static long skipped(String output) {
        return output.lines().filter(l -> l.startsWith("Skipped serve-twice (")).count();
    }

    private long firings(String job) {
        return jdbc.sql("SELECT count(*) FROM schedule_firing WHERE job_name = ?").param(job).query(Long.class).single();
    }

    private String status(long run) {
        return jdbc.sql("SELECT status FROM run WHERE id = ?").param(run).query(String.class).single();
    }

    /** {@code paid} submissions made, every one of them recorded and none under way: a kill or stop leaves nothing in doubt. */
    private boolean quietAtVendor(Simulator sim, int paid) {
        if (sim.ledger().total() < paid) return false;
        long submitting = jdbc.sql("""
                SELECT count(*) FROM task t JOIN run r ON r.id = t.run_id
                WHERE r.job_name = 'serve-kill' AND t.state = 'SUBMITTING'""").query(Long.class).single();
        long recorded = jdbc.sql("""
                SELECT count(*) FROM attempt a JOIN run r ON r.id = a.run_id
                WHERE r.job_name = 'serve-kill' AND a.state = 'ACCEPTED'""").query(Long.class).single();
        return recorded == sim.ledger().total() && submitting == 0;
    }

    private static long runId(String output) {
        Matcher m = Pattern.compile("Run (\\d+):").matcher(output);
        if (!m.find()) throw new AssertionError("no run id in output:\n" + output);
        return Long.parseLong(m.group(1));
    }
}
