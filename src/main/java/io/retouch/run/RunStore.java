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
        return jdbc.sql("INSERT INTO run (job_name, spec_path, spec, status) VALUES (?, ?, ?::jsonb, 'INGESTING') RETURNING id")
                .params(jobName, specPath, specJson).query(Long.class).single();
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
        return jdbc.sql("SELECT id, job_name, spec_path, spec::text, status, created_at, finished_at FROM run WHERE id = ?")
                .param(runId).query(RunStore::map).optional();
    }

    public List<Run> recent(int limit) {
        return jdbc.sql("SELECT id, job_name, spec_path, spec::text, status, created_at, finished_at FROM run ORDER BY id DESC LIMIT ?")
                .param(limit).query(RunStore::map).list();
    }

    private static Run map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                RunStatus.valueOf(rs.getString(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
