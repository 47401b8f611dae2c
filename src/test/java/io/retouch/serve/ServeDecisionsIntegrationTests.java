package io.retouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.job.RunLauncher;
import io.retouch.job.RunStops;
import io.retouch.run.RunReports;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import io.retouch.spec.JobSpecLoader;
import io.retouch.testing.RetouchTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Serve's decisions on the real database, without processes: which runs count as dead (a STOPPED
 * run is the operator's), a run claimed once, an instant fired once, a firing skipped while the
 * job's previous run still holds its lock.
 */
@RetouchTest
class ServeDecisionsIntegrationTests {

    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;
    @Autowired RunStore runs;
    @Autowired RunLauncher launcher;
    @Autowired RunReports reports;
    @Autowired RunStops stops;

    @Test
    void onlyUnlockedRunsLeftMidWayCountAsDeadAndEachIsClaimedOnce() {
        long dispatching = run("dead-1", RunStatus.DISPATCHING, "10 minutes");
        long stopped = run("dead-2", RunStatus.STOPPED, "10 minutes");
        long completed = run("dead-3", RunStatus.COMPLETED, "10 minutes");
        long fresh = run("dead-4", RunStatus.INGESTING, "0 seconds"); // just created by `retouch run`, not locked yet
        DeadRuns dead = new DeadRuns(jdbc);

        assertThat(dead.untouchedFor(Duration.ofMinutes(1))).extracting(DeadRuns.DeadRun::id)
                .contains(dispatching).doesNotContain(stopped, completed, fresh);
        assertThat(dead.claim(dispatching, Duration.ofMinutes(1))).isTrue();
        assertThat(dead.claim(dispatching, Duration.ofMinutes(1))).as("another sweep finds it claimed").isFalse();
    }

    @Test
    void anInstantIsFiredOnceAndSkippedWhileTheJobsPreviousRunStillGoes(@TempDir Path dir) throws Exception {
        Path spec = nightly(dir, "serve-busy");
        ScheduledJob job = ScheduledJob.of(new JobSpecLoader().load(spec));
        long previous = run("serve-busy", RunStatus.DISPATCHING, "0 seconds");
        StringWriter console = new StringWriter();
        JobFirer firer = firer(console);
        Instant at = Instant.parse("2026-12-01T02:00:00Z");

        try (Connection worker = dataSource.getConnection()) {
            worker.createStatement().execute("SELECT pg_advisory_lock(x'52455443'::int, " + previous + ")"); // as RunLock does
            firer.fire(job, at);
            firer.fire(job, at); // a second serve, or the same one late: the row is there
        }

        Map<String, Object> row = jdbc.sql("SELECT * FROM schedule_firing WHERE job_name = 'serve-busy'").query().singleRow();
        assertThat(row).containsEntry("outcome", "SKIPPED").containsEntry("reason", "run " + previous + " of this job is still going");
        assertThat(console.toString().lines()).containsExactly(
                "Skipped serve-busy (2026-12-01T02:00:00Z): run " + previous + " of this job is still going");
        assertThat(jdbc.sql("SELECT count(*) FROM run WHERE job_name = 'serve-busy'").query(Long.class).single()).isOne();
    }

    // Bug (review): a run left mid-way without its process (killed, or handed back by a stopping serve) did not
    // hold its lock, so the next instant started a second run over the same rows, and recovery restarted the first.
    @Test
    void anInstantIsSkippedWhileTheJobsPreviousRunWaitsToBeRestarted(@TempDir Path dir) throws Exception {
        Path spec = nightly(dir, "serve-dead");
        long previous = run("serve-dead", RunStatus.DISPATCHING, "0 seconds"); // no process holds its lock
        StringWriter console = new StringWriter();
        firer(console).fire(ScheduledJob.of(new JobSpecLoader().load(spec)), Instant.parse("2026-12-01T02:00:00Z"));

        assertThat(console.toString().lines()).containsExactly("Skipped serve-dead (2026-12-01T02:00:00Z): run " + previous
                + " of this job did not finish (its process stopped mid-way); serve restarts it");
        assertThat(jdbc.sql("SELECT count(*) FROM run WHERE job_name = 'serve-dead'").query(Long.class).single()).isOne();
    }

    /** A spec of job {@code name} scheduled at 02:00 UTC every day, with an empty manifest. */
    private static Path nightly(Path dir, String name) throws java.io.IOException {
        Files.writeString(dir.resolve("manifest.csv"), "item_key,images,prompt\n");
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                manifest: manifest.csv
                vendor:
                  name: fal
                output:
                  bucket: retouch-serve
                schedule: "0 2 * * *"
                """.formatted(name));
    }

    private JobFirer firer(StringWriter console) {
        var locks = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build()));
        Console out = new Console(new PrintWriter(console, true));
        return new JobFirer(locks, new Firings(jdbc), launcher, runs, new RunSlots(1, runs, reports, stops, out), out, "test@host");
    }

    private long run(String job, RunStatus status, String age) {
        long id = runs.create(job, "/nowhere/" + job + ".yaml", "{}");
        runs.status(id, status);
        jdbc.sql("UPDATE run SET updated_at = now() - interval '" + age + "' WHERE id = ?").param(id).update();
        return id;
    }
}
