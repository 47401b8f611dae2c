package io.retouch.serve;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The schedule_firing table: each scheduled instant of a job is claimed once, by whichever serve
 * inserts its row first, then says what came of it (a run STARTED, or SKIPPED and why).
 */
class Firings {

    private final JdbcClient jdbc;

    Firings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether this serve claimed the instant; false when another did first. */
    boolean claim(String job, Instant scheduledAt, String by) {
        return jdbc.sql("""
                INSERT INTO schedule_firing (job_name, scheduled_at, fired_by, outcome) VALUES (?, ?, ?, 'STARTED')
                ON CONFLICT DO NOTHING""").params(job, Timestamp.from(scheduledAt), by).update() == 1;
    }

    void started(String job, Instant scheduledAt, long runId) {
        jdbc.sql("UPDATE schedule_firing SET run_id = ?, recorded_at = now() WHERE job_name = ? AND scheduled_at = ?")
                .params(runId, job, Timestamp.from(scheduledAt)).update();
    }

    void skipped(String job, Instant scheduledAt, String reason) {
        jdbc.sql("""
                UPDATE schedule_firing SET outcome = 'SKIPPED', reason = ?, recorded_at = now()
                WHERE job_name = ? AND scheduled_at = ?""").params(reason, job, Timestamp.from(scheduledAt)).update();
    }
}
