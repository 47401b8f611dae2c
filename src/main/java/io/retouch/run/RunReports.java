package io.retouch.run;

import io.retouch.money.PriceList;
import io.retouch.task.TaskState;
import java.math.BigDecimal;
import io.retouch.task.TaskStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Builds a {@link RunReport} with a handful of aggregate queries; cheap enough to poll for progress. */
@Component
public class RunReports {

    private static final int MAX_LISTED_REJECTIONS = 1000;
    private static final int MAX_LISTED_MISMATCHES = 1000;
    private static final int EXAMPLES_PER_CAUSE = 3;

    private final JdbcClient jdbc;
    private final RunStore runs;
    private final TaskStore taskStore;

    public RunReports(JdbcClient jdbc, RunStore runs, TaskStore taskStore) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.taskStore = taskStore;
    }

    /** One line of `retouch runs`. */
    public record RunLine(long run, String job, String status, long tasks, long succeeded, long failed, long rejectedRows,
                          java.time.Instant createdAt, Long parentRun) {}

    /** The newest runs with their counts, in one query (`runs` must answer fast however many runs there are). */
    public List<RunLine> recent(int limit) {
        return jdbc.sql("""
                SELECT r.id, r.job_name, r.status, r.created_at, r.parent_run_id, count(t.id),
                       count(t.id) FILTER (WHERE t.state = 'SUCCEEDED'), count(t.id) FILTER (WHERE t.state = 'FAILED'),
                       (SELECT count(*) FROM rejected_row x WHERE x.run_id = r.id)
                FROM (SELECT * FROM run ORDER BY id DESC LIMIT ?) r LEFT JOIN task t ON t.run_id = r.id
                GROUP BY r.id, r.job_name, r.status, r.created_at, r.parent_run_id ORDER BY r.id DESC""")
                .param(limit)
                .query((rs, n) -> new RunLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(6), rs.getLong(7),
                        rs.getLong(8), rs.getLong(9), rs.getTimestamp(4).toInstant(), rs.getObject(5, Long.class)))
                .list();
    }

    /**
     * What a progress line shows, in one query over the run's tasks (not the whole report: a run's
     * process prints it every few seconds while tens of thousands of tasks move).
     */
    public RunProgress progress(long runId) {
        Map<String, Map<String, Long>> byVendor = new java.util.TreeMap<>();
        String status = runs.get(runId).status().name();
        long rejected = count("SELECT count(*) FROM rejected_row WHERE run_id = ?", runId);
        jdbc.sql("SELECT vendor, state, count(*) FROM task WHERE run_id = ? GROUP BY vendor, state").param(runId)
                .query((rs, n) -> byVendor.computeIfAbsent(rs.getString(1), v -> new LinkedHashMap<>())
                        .put(rs.getString(2), rs.getLong(3)))
                .list();
        return new RunProgress(status, byVendor, rejected);
    }

    public RunReport of(long runId) {
        Run run = runs.get(runId);
        Map<String, Long> tasks = new LinkedHashMap<>();
        for (TaskState s : TaskState.values()) tasks.put(s.name(), 0L);
        taskStore.counts(runId).forEach((state, n) -> tasks.put(state.name(), n));
        long total = tasks.values().stream().mapToLong(Long::longValue).sum();
        long unfinished = tasks.entrySet().stream().filter(e -> !TaskState.valueOf(e.getKey()).isFinal())
                .mapToLong(Map.Entry::getValue).sum();
        Map<String, Long> failures = new LinkedHashMap<>();
        jdbc.sql("SELECT error_class, count(*) FROM task WHERE run_id = ? AND state = 'FAILED' GROUP BY error_class ORDER BY 2 DESC")
                .param(runId).query((rs, n) -> failures.put(String.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return new RunReport(runId, run.jobName(), run.status().name(), run.createdAt(), run.finishedAt(),
                total, tasks, unfinished, count("SELECT count(*) FROM rejected_row WHERE run_id = ?", runId),
                rejections(runId), failures, count("SELECT count(*) FROM output WHERE run_id = ?", runId),
                count("SELECT count(*) FROM attempt WHERE run_id = ? AND state <> 'REFUSED'", runId),
                count("SELECT count(*) FROM audit_record WHERE run_id = ? AND method IS NOT NULL", runId),
                latency(runId), dispatchSeconds(runId), byVendor(runId), heldByCause(runId), mismatches(runId),
                failureExamples(runId), run.parentRunId(), runs.reruns(runId), reused(runId), money(runId));
    }

    private RunReport.Money money(long runId) {
        record Held(long tasks, String reason) {}
        // the first task a limit holds stops its vendor's submissions: every unsent task of that vendor waits with it
        Held held = jdbc.sql("""
                WITH stop AS (SELECT vendor, error_message, updated_at FROM task
                              WHERE run_id = ? AND state = 'RETRY_WAIT' AND error_class IN ('BUDGET', 'DAILY_LIMIT'))
                SELECT (SELECT count(*) FROM task WHERE run_id = ? AND state IN ('PENDING', 'RETRY_WAIT')
                                                    AND vendor IN (SELECT vendor FROM stop)),
                       (SELECT error_message FROM stop ORDER BY updated_at DESC LIMIT 1)""")
                .params(runId, runId).query((rs, n) -> new Held(rs.getLong(1), rs.getString(2))).single();
        return jdbc.sql("""
                SELECT coalesce(sum(spent_usd), 0),
                       coalesce(sum(price_usd) FILTER (WHERE state IN ('INTENT', 'IN_DOUBT')), 0),
                       (SELECT (spec->>'budget')::numeric FROM run WHERE id = ?),
                       count(*) FILTER (WHERE state = 'ACCEPTED' AND price_usd IS NULL)
                FROM attempt WHERE run_id = ?""")
                .params(runId, runId)
                .query((rs, n) -> new RunReport.Money(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getLong(4), held.tasks(), held.reason()))
                .single();
    }

    /** What the run's reused tasks would have cost: their vendor's price for their resolution, per image ordered. */
    private RunReport.Reused reused(long runId) {
        Map<String, Map<String, BigDecimal>> stated = statedPrices(runId);
        long tasks = 0;
        long unpriced = 0;
        BigDecimal saved = BigDecimal.ZERO;
        for (Map<String, Object> group : jdbc.sql("""
                SELECT vendor, request->>'resolution' AS resolution, sum((request->>'numImages')::int) AS images, count(*) AS tasks
                FROM task WHERE run_id = ? AND reused_from_task_id IS NOT NULL GROUP BY 1, 2""").param(runId).query().listOfRows()) {
            long n = ((Number) group.get("tasks")).longValue();
            tasks += n;
            String vendor = (String) group.get("vendor");
            Optional<BigDecimal> price = PriceList.perImage(vendor, stated.getOrDefault(vendor, Map.of()),
                    (String) group.get("resolution"));
            if (price.isEmpty()) unpriced += n;
            else saved = saved.add(price.get().multiply(BigDecimal.valueOf(((Number) group.get("images")).longValue())));
        }
        return new RunReport.Reused(tasks, saved, unpriced);
    }

    /** The price-per-image each vendor of the run's stored spec states, by resolution. */
    private Map<String, Map<String, BigDecimal>> statedPrices(long runId) {
        Map<String, Map<String, BigDecimal>> prices = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT v->>'name', p.key, p.value::numeric
                FROM run, jsonb_array_elements(spec->'vendors') v,
                     jsonb_each_text(coalesce(v->'money'->'pricePerImage', '{}')) p
                WHERE run.id = ?""")
                .param(runId)
                .query((rs, n) -> prices.computeIfAbsent(rs.getString(1), v -> new LinkedHashMap<>())
                        .put(rs.getString(2), rs.getBigDecimal(3)))
                .list();
        return prices;
    }


    /** The first few failed tasks of each cause, by manifest line. */
    private Map<String, List<RunReport.FailureExample>> failureExamples(long runId) {
        Map<String, List<RunReport.FailureExample>> examples = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT error_class, id, line_no, item_key, error_code, error_message FROM (
                    SELECT *, row_number() OVER (PARTITION BY error_class ORDER BY line_no, part) AS n
                    FROM task WHERE run_id = ? AND state = 'FAILED') failed
                WHERE n <= ? ORDER BY error_class, n""")
                .params(runId, EXAMPLES_PER_CAUSE)
                .query((rs, n) -> examples.computeIfAbsent(String.valueOf(rs.getString(1)), c -> new java.util.ArrayList<>())
                        .add(new RunReport.FailureExample(rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                                rs.getString(6))))
                .list();
        return examples;
    }

    private Map<String, Map<String, Long>> byVendor(long runId) {
        Map<String, Map<String, Long>> byVendor = new LinkedHashMap<>();
        taskStore.countsByVendor(runId).forEach((vendor, counts) -> {
            Map<String, Long> named = new LinkedHashMap<>();
            counts.forEach((state, n) -> named.put(state.name(), n));
            byVendor.put(vendor, named);
        });
        return byVendor;
    }

    /**
     * Unfinished tasks that wait for the operator, by vendor and cause: a vendor that ran out of
     * credit or refused our key, tasks held by the budget or a daily limit, tasks in doubt.
     */
    private Map<String, Long> heldByCause(long runId) {
        Map<String, Long> held = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT vendor || ': ' || CASE WHEN state = 'IN_DOUBT' THEN 'IN_DOUBT' ELSE error_class END, count(*)
                FROM task WHERE run_id = ? AND (state = 'IN_DOUBT'
                      OR (state = 'RETRY_WAIT' AND error_class IN ('OUT_OF_CREDIT', 'UNAUTHORIZED', 'BUDGET', 'DAILY_LIMIT')))
                GROUP BY 1 ORDER BY 1""")
                .param(runId).query((rs, n) -> held.put(rs.getString(1), rs.getLong(2))).list();
        return held;
    }

    private List<RunReport.Rejection> rejections(long runId) {
        return jdbc.sql("SELECT line_no, item_key, reason FROM rejected_row WHERE run_id = ? ORDER BY line_no LIMIT ?")
                .params(runId, MAX_LISTED_REJECTIONS)
                .query((rs, n) -> new RunReport.Rejection(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Tasks whose outputs were stored but are not what was ordered; the count is under failuresByCause. */
    private List<RunReport.Mismatch> mismatches(long runId) {
        return jdbc.sql("""
                SELECT id, line_no, item_key, error_message FROM task
                WHERE run_id = ? AND state = 'FAILED' AND error_class = 'OUTPUT_MISMATCH' ORDER BY line_no, part LIMIT ?""")
                .params(runId, MAX_LISTED_MISMATCHES)
                .query((rs, n) -> new RunReport.Mismatch(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** From the vendor taking a task to its outputs being stored. */
    private RunReport.Latency latency(long runId) {
        return jdbc.sql("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms), max(ms)
                FROM (SELECT extract(epoch FROM finished_at - submitted_at) * 1000 AS ms
                      FROM task WHERE run_id = ? AND state = 'SUCCEEDED') t""")
                .param(runId)
                .query((rs, n) -> new RunReport.Latency(round(rs.getObject(1)), round(rs.getObject(2)), round(rs.getObject(3))))
                .single();
    }

    /** Makespan of dispatch: first paid submission to last task finished. */
    private Double dispatchSeconds(long runId) {
        return jdbc.sql("""
                SELECT extract(epoch FROM (SELECT max(finished_at) FROM task WHERE run_id = ?)
                                        - (SELECT min(created_at) FROM attempt WHERE run_id = ?))::float8""")
                .params(runId, runId).query(Double.class).optional().orElse(null);
    }

    private long count(String sql, long runId) {
        return jdbc.sql(sql).param(runId).query(Long.class).single();
    }

    private static Long round(Object v) {
        return v == null ? null : Math.round(((Number) v).doubleValue());
    }
}
