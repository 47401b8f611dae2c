package io.retouch.run;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The run table: one row per `retouch run`, its status and, when done, its summary. */
@Repository
public class RunStore {

    private final JdbcClient jdbc;

    public RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long create(String jobName, String specPath, String specJson) {
        return create(jobName, specPath, specJson, null);
    }

    /** A run; {@code parentRunId} is the run whose tasks it reruns, or null. */
    public long create(String jobName, String specPath, String specJson, Long parentRunId) {
        // manifest_since: the :since of a manifest query, fixed now so that a restart reads the same rows
        return jdbc.sql("""
                INSERT INTO run (job_name, spec_path, spec, status, parent_run_id, manifest_since)
                VALUES (?, ?, ?::jsonb, 'INGESTING', ?, (SELECT coalesce(max(created_at), 'epoch') FROM run
                        WHERE job_name = ? AND status = 'COMPLETED' AND parent_run_id IS NULL))
                RETURNING id""")
                .params(jobName, specPath, specJson, parentRunId, jobName).query(Long.class).single();
    }

    public void status(long runId, RunStatus status) {
        jdbc.sql("""
                UPDATE run SET status = ?, updated_at = now(),
                    finished_at = CASE WHEN ? THEN now() ELSE NULL END WHERE id = ?""")
                .params(status.name(), status.isFinal(), runId).update();
    }

    public void summary(long runId, String summaryJson) {
        jdbc.sql("UPDATE run SET summary = ?::jsonb, updated_at = now() WHERE id = ?").params(summaryJson, runId).update();
    }

    public void updateSpec(long runId, String specJson) {
        jdbc.sql("UPDATE run SET spec = ?::jsonb, updated_at = now() WHERE id = ?").params(specJson, runId).update();
    }

    public Optional<Run> find(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM run WHERE id = ?").param(runId).query(RunStore::map).optional();
    }

    /** The run, or the operator's error naming it: {@code no run N (see `retouch runs`)}. */
    public Run get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId + " (see `retouch runs`)"));
    }

    public List<Run> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM run ORDER BY id DESC LIMIT ?").param(limit).query(RunStore::map).list();
    }

    /** Asks the process working the run to stop (`retouch stop`); {@code cancel} also cancels what it can. */
    public void requestStop(long runId, boolean cancel) {
        jdbc.sql("UPDATE run SET stop_requested = ?, updated_at = now() WHERE id = ?").params(cancel ? "cancel" : "stop", runId).update();
    }

    /** {@code stop}, {@code cancel}, or null when nobody asked the run to stop. */
    public String stopRequest(long runId) {
        return jdbc.sql("SELECT stop_requested FROM run WHERE id = ?").param(runId).query(String.class).optional().orElse(null);
    }

    /**
     * The process working the run says it is alive: a run whose row is touched is never taken for
     * dead by serve, even if the connection holding its lock was dropped under a live process.
     */
    public void touch(long runId) {
        jdbc.sql("UPDATE run SET updated_at = now() WHERE id = ?").param(runId).update();
    }

    /** A run started again is no longer asked to stop. */
    public void clearStopRequest(long runId) {
        jdbc.sql("UPDATE run SET stop_requested = NULL WHERE id = ? AND stop_requested IS NOT NULL").param(runId).update();
    }

    /** The job's latest runs that are not completed, newest first (serve asks whether one still goes). */
    public List<Run> unfinishedOf(String jobName, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM run WHERE job_name = ? AND status <> 'COMPLETED' ORDER BY id DESC LIMIT ?")
                .params(jobName, limit).query(RunStore::map).list();
    }

    /** The runs made to rerun tasks of {@code runId}, oldest first. */
    public List<Long> reruns(long runId) {
        return jdbc.sql("SELECT id FROM run WHERE parent_run_id = ? ORDER BY id").param(runId).query(Long.class).list();
    }

    private static final String COLUMNS = "id, job_name, spec_path, spec::text, status, created_at, finished_at, parent_run_id";

    private static Run map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                RunStatus.valueOf(rs.getString(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                rs.getObject(8, Long.class));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
