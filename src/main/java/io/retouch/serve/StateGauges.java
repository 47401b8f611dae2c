package io.retouch.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code retouch_runs{status}} and {@code retouch_tasks{state,vendor}} from the database, as every
 * process sees it: one query each, refreshed every few seconds by serve, never per scrape. Tasks
 * are those of runs not completed, so the query stays small however long the history.
 */
class StateGauges {

    private final JdbcClient jdbc;
    private final MultiGauge runs;
    private final MultiGauge tasks;

    StateGauges(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.runs = MultiGauge.builder("retouch.runs").description("Runs by status").register(registry);
        this.tasks = MultiGauge.builder("retouch.tasks").description("Tasks of runs not completed, by state and vendor")
                .register(registry);
    }

    void refresh() {
        runs.register(jdbc.sql("SELECT status, count(*) FROM run GROUP BY status")
                .query((rs, n) -> MultiGauge.Row.of(Tags.of("status", rs.getString(1)), rs.getLong(2))).list(), true);
        tasks.register(jdbc.sql("""
                SELECT t.state, t.vendor, count(*) FROM task t JOIN run r ON r.id = t.run_id
                WHERE r.status <> 'COMPLETED' GROUP BY t.state, t.vendor""")
                .query((rs, n) -> MultiGauge.Row.of(Tags.of("state", rs.getString(1), "vendor", rs.getString(2)),
                        rs.getLong(3))).list(), true);
    }
}
