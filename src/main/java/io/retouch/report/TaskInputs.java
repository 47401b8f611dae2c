package io.retouch.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The input images of every task of a run, as stored in the task's request: s3:// URIs of staged
 * files or the manifest's http(s) URLs.
 */
@Component
class TaskInputs {

    private final JdbcClient jdbc;

    TaskInputs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** By task id, in the order the request gives them. */
    Map<Long, List<String>> of(long runId) {
        Map<Long, List<String>> inputs = new HashMap<>();
        jdbc.sql("""
                SELECT t.id, i.uri FROM task t, jsonb_array_elements_text(t.request->'inputs') WITH ORDINALITY AS i(uri, n)
                WHERE t.run_id = ? ORDER BY t.id, i.n""")
                .param(runId)
                .query((rs, n) -> inputs.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        return inputs;
    }
}
