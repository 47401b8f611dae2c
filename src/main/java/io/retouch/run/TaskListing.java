package io.retouch.run;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every task of a run as the operator reads it: where it came from, where it stands, why, and where its outputs went. */
@Component
public class TaskListing {

    /**
     * One task. {@code cause} is our error class, {@code vendorCode} and {@code message} the vendor's own words;
     * all three are null for a task that succeeded (a retry's cause is history by then). {@code outputs} are
     * S3 URIs in output order. {@code reusedFromTask}: the earlier task whose outputs this one took over
     * instead of being sent (skip-unchanged). {@code spentUsd}: what its accepted submissions cost at the
     * run's prices (null: none accepted, or its vendor has no price).
     */
    public record TaskRow(long task, String itemKey, long line, int part, String vendor, String state, String cause,
                          String vendorCode, String message, int attempts, BigDecimal spentUsd, String vendorRequestId, String prompt,
                          Long rerunsTask, Long reusedFromTask, List<String> outputs) {

        /** The message without our own "CAUSE [code]: " prefix, for where the cause and code are shown apart. */
        public String reason() {
            String text = message == null ? "" : message;
            String prefix = cause + (vendorCode == null ? "" : " [" + vendorCode + "]") + ": ";
            return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
        }
    }

    /** Which tasks to list; an empty set lets every value through. */
    public record Filter(Set<String> states, Set<String> causes, Set<String> vendors) {}

    private final JdbcClient jdbc;

    public TaskListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<TaskRow> of(long runId, Filter filter) {
        return jdbc.sql("""
                SELECT id, item_key, line_no, part, vendor, state, cause, error_code, error_message, attempts,
                       vendor_request_id, prompt, reruns_task_id, reused_from_task_id, outputs, spent FROM (
                    SELECT t.*, t.request->>'prompt' AS prompt,
                           (SELECT sum(a.spent_usd) FROM attempt a WHERE a.task_id = t.id) AS spent,
                           CASE WHEN t.state = 'SUCCEEDED' THEN NULL ELSE t.error_class END AS cause,
                           ARRAY(SELECT 's3://' || o.bucket || '/' || o.object_key FROM output o
                                 WHERE o.task_id = t.id ORDER BY o.idx) AS outputs
                    FROM task t WHERE t.run_id = ?) listed
                WHERE (cardinality(?::text[]) = 0 OR state = ANY(?))
                  AND (cardinality(?::text[]) = 0 OR cause = ANY(?))
                  AND (cardinality(?::text[]) = 0 OR vendor = ANY(?))
                ORDER BY line_no, part""")
                .params(runId, array(filter.states()), array(filter.states()), array(filter.causes()),
                        array(filter.causes()), array(filter.vendors()), array(filter.vendors()))
                .query(TaskListing::row).list();
    }

    private static TaskRow row(ResultSet rs, int n) throws SQLException {
        String cause = rs.getString(7);
        return new TaskRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                cause, cause == null ? null : rs.getString(8), cause == null ? null : rs.getString(9), rs.getInt(10),
                rs.getBigDecimal(16), rs.getString(11), rs.getString(12), rs.getObject(13, Long.class), rs.getObject(14, Long.class),
                strings(rs.getArray(15)));
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> list = new ArrayList<>();
        if (array != null) for (Object o : (Object[]) array.getArray()) list.add((String) o);
        return list;
    }

    private static String[] array(Set<String> values) {
        return values.toArray(String[]::new);
    }
}
