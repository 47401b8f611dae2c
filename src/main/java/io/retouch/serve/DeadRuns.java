package io.retouch.serve;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs whose process died: still INGESTING, DISPATCHING or REPORTING (a stopped run is the
 * operator's, a completed one is done), untouched for longer than a grace so that a run just
 * created by `retouch run`, which has not taken its lock yet, is never taken from it. The caller
 * still checks the run's lock: a long dispatch touches its row only when its status changes.
 */
class DeadRuns {

    record DeadRun(long id, String job, String status) {}

    private final JdbcClient jdbc;

    DeadRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<DeadRun> untouchedFor(Duration grace) {
        return jdbc.sql("""
                SELECT id, job_name, status FROM run
                WHERE status IN ('INGESTING', 'DISPATCHING', 'REPORTING') AND updated_at < now() - ? * interval '1 millisecond'
                ORDER BY id""").param(grace.toMillis())
                .query((rs, n) -> new DeadRun(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Touches the run so no other sweep takes it within the grace; false when one just did. */
    boolean claim(long runId, Duration grace) {
        return jdbc.sql("""
                UPDATE run SET updated_at = now()
                WHERE id = ? AND updated_at < now() - ? * interval '1 millisecond'""").params(runId, grace.toMillis()).update() == 1;
    }
}
