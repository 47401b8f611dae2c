package io.retouch.task;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Tasks in PostgreSQL. Every state change goes through {@link #move}, guarded by version. */
@Repository
public class TaskStore {

    private static final String COLUMNS = "id, run_id, item_key, line_no, vendor, request::text AS request, state, "
            + "version, attempts, vendor_request_id, next_attempt_at, submitted_at, part";
    /** What an update of a task can change, returned by it. */
    private static final String MOVED = "state, version, attempts, vendor_request_id, next_attempt_at, submitted_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    /** The same database as {@code jdbc}: ingest COPYs its tasks over the connection of the caller's transaction. */
    private final DataSource dataSource;

    public TaskStore(JdbcClient jdbc, JsonMapper json, DataSource dataSource) {
        this.jdbc = jdbc;
        this.json = json;
        this.dataSource = dataSource;
    }

    /**
     * Inserts the rows (a chunk of the manifest: one look-up of its keys, then one COPY of its tasks, in the
     * caller's transaction or without one); returns those whose item key the run already holds from another
     * line, in the order given. The first line of a key wins, whether it came in an earlier call or earlier in
     * this one; a duplicate adds none of its parts. A row inserted again (a chunk read again after it was rolled
     * back, or after it committed) finds itself: that is no duplicate, and adds nothing.
     */
    public List<NewTask> insertAll(List<NewTask> rows) {
        if (rows.isEmpty()) return List.of();
        Map<RowKey, Long> owners = storedLines(rows);
        Set<RowKey> stored = new HashSet<>(owners.keySet());
        List<NewTask> duplicates = new ArrayList<>();
        StringBuilder copy = new StringBuilder(rows.size() * 320);
        for (NewTask row : rows) {
            RowKey key = new RowKey(row.runId(), row.itemKey());
            Long owner = owners.putIfAbsent(key, row.lineNo());
            if (owner != null && owner != row.lineNo()) duplicates.add(row);
            else if (owner == null && !stored.contains(key)) copyLines(row, copy);
        }
        if (!copy.isEmpty()) copyIn(copy);
        return duplicates;
    }

    private record RowKey(long runId, String itemKey) {}

    /** The line of each key of the rows that the run already holds, in one query. */
    private Map<RowKey, Long> storedLines(List<NewTask> rows) {
        Set<RowKey> keys = new LinkedHashSet<>();
        for (NewTask row : rows) keys.add(new RowKey(row.runId(), row.itemKey()));
        long[] runIds = keys.stream().mapToLong(RowKey::runId).toArray();
        String[] itemKeys = keys.stream().map(RowKey::itemKey).toArray(String[]::new);
        Map<RowKey, Long> lines = new HashMap<>();
        jdbc.sql("""
                SELECT t.run_id, t.item_key, t.line_no FROM unnest(?::bigint[], ?::text[]) AS k(run_id, item_key)
                JOIN task t ON t.run_id = k.run_id AND t.item_key = k.item_key AND t.part = 0""")
                .params(runIds, itemKeys)
                .query((rs, n) -> lines.put(new RowKey(rs.getLong(1), rs.getString(2)), rs.getLong(3))).list();
        return lines;
    }

    /** The row's tasks, one per part, as lines of COPY's text format (ids follow the order of the lines). */
    private void copyLines(NewTask row, StringBuilder copy) {
        String request = json.writeValueAsString(row.request());
        for (int part = 0; part < row.parts(); part++) {
            copy.append(row.runId()).append('\t');
            copyText(row.itemKey(), copy).append('\t').append(part).append('\t').append(row.lineNo()).append('\t');
            copyText(row.vendor(), copy).append('\t');
            copyText(request, copy).append("\tPENDING\t");
            if (row.fingerprint() == null) copy.append("\\N");
            else copyText(row.fingerprint(), copy);
            copy.append('\n');
        }
    }

    /** A value in COPY's text format: backslash, tab, line feed and carriage return escaped. */
    static StringBuilder copyText(String value, StringBuilder copy) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> copy.append("\\\\");
                case '\t' -> copy.append("\\t");
                case '\n' -> copy.append("\\n");
                case '\r' -> copy.append("\\r");
                default -> copy.append(c);
            }
        }
        return copy;
    }

    private void copyIn(StringBuilder copy) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            byte[] bytes = copy.toString().getBytes(StandardCharsets.UTF_8);
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY task (run_id, item_key, part, line_no, vendor, request, state, fingerprint) FROM STDIN",
                    new ByteArrayInputStream(bytes));
        } catch (SQLException e) {
            throw new UncategorizedSQLException("COPY of a chunk's tasks", "COPY task", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * A task just ingested that an earlier run already made (skip-unchanged): it is never sent, and
     * takes over the outputs of {@code sourceTaskId}. Only from PENDING, in the ingest's transaction,
     * before dispatch can see it. Returns its id, or null when it is no longer PENDING.
     */
    public Long reused(long runId, String itemKey, int part, long sourceTaskId) {
        return jdbc.sql("""
                UPDATE task SET state = 'SUCCEEDED', reused_from_task_id = ?, version = version + 1, updated_at = now(),
                    finished_at = now()
                WHERE run_id = ? AND item_key = ? AND part = ? AND state = 'PENDING' RETURNING id""")
                .params(sourceTaskId, runId, itemKey, part).query(Long.class).optional().orElse(null);
    }

    /**
     * A task of a rerun: one part of a row, trying again the task {@code rerunsTaskId} of an earlier run.
     * It asks for the same edit, so it keeps that task's fingerprint: once it succeeds, the job's next
     * skip-unchanged run reuses it.
     */
    public long insertRerun(long runId, String itemKey, int part, long lineNo, String vendor, TaskRequest request,
                            long rerunsTaskId) {
        return jdbc.sql("""
                INSERT INTO task (run_id, item_key, part, line_no, vendor, request, state, reruns_task_id, fingerprint)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, 'PENDING', ?, (SELECT fingerprint FROM task WHERE id = ?)) RETURNING id""")
                .params(runId, itemKey, part, lineNo, vendor, json.writeValueAsString(request), rerunsTaskId, rerunsTaskId)
                .query(Long.class).single();
    }

    public long lineOf(long runId, String itemKey) {
        Long line = linesOf(runId, List.of(itemKey)).get(itemKey);
        if (line == null) throw new IllegalArgumentException("run " + runId + " has no item key '" + itemKey + "'");
        return line;
    }

    /** The manifest line that holds each of the item keys, in one query. */
    public Map<String, Long> linesOf(long runId, Collection<String> itemKeys) {
        Map<String, Long> lines = new java.util.HashMap<>();
        jdbc.sql("SELECT item_key, line_no FROM task WHERE run_id = ? AND part = 0 AND item_key = ANY(?)")
                .params(runId, itemKeys.stream().distinct().toArray(String[]::new))
                .query((rs, n) -> lines.put(rs.getString(1), rs.getLong(2))).list();
        return lines;
    }
    /** How many tasks the row of {@code itemKey} became (more than one when a one-image vendor split it). */
    public int partsOf(long runId, String itemKey) {
        return jdbc.sql("SELECT count(*) FROM task WHERE run_id = ? AND item_key = ?")
                .params(runId, itemKey).query(Integer.class).single();
    }

    public Optional<Task> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE id = ?").param(id).query(this::map).optional();
    }

    public Task get(long id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no task " + id));
    }

    /** Tasks of the run in the given states, oldest first, skipping those listed in {@code busy}. */
    public List<Task> inStates(long runId, Set<TaskState> states, Collection<Long> busy, int limit) {
        return claimable(runId, new Claim(null, states, Integer.MAX_VALUE), busy, limit);
    }

    /** Every task of the run in these states, due or not (retry times are for dispatch, not for this). */
    public List<Task> allIn(long runId, Set<TaskState> states) {
        return allIn(Slice.whole(runId), states);
    }

    /** Every task of the slice in these states, due or not. */
    public List<Task> allIn(Slice slice, Set<TaskState> states) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE " + IN_SLICE + "AND state = ANY(?) ORDER BY id")
                .params(slice.runId(), slice.count(), slice.index(), states.stream().map(Enum::name).toArray(String[]::new))
                .query(this::map).list();
    }

    /** The tasks {@code claim} allows that are due now (retry time reached), oldest first, none of {@code excluded}. */
    public List<Task> claimable(long runId, Claim claim, Collection<Long> excluded, int limit) {
        return claimable(Slice.whole(runId), claim, excluded, limit);
    }

    /** As {@link #claimable(long, Claim, Collection, int)}, of one slice of the run. */
    public List<Task> claimable(Slice slice, Claim claim, Collection<Long> excluded, int limit) {
        if (claim.states().isEmpty() || limit <= 0) return List.of();
        return jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE " + CLAIMED
                        + "AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY id LIMIT ?")
                .params(claimParams(slice, claim, excluded, limit))
                .query(this::map).list();
    }

    /** Whether any task of the slice {@code claim} allows is left, due now or later, besides {@code excluded}. */
    public boolean anyLeft(Slice slice, Claim claim, Collection<Long> excluded) {
        if (claim.states().isEmpty()) return false;
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM task WHERE " + CLAIMED + ")")
                .params(claimParams(slice, claim, excluded)).query(Boolean.class).single();
    }

    /** The run's tasks, or one partition of them: the whole run when the count is 1. */
    private static final String IN_SLICE = "run_id = ? AND id % ? = ? ";

    private static final String CLAIMED = IN_SLICE + "AND (?::text IS NULL OR vendor = ?) AND state = ANY(?) "
            + "AND (state <> 'IN_DOUBT' OR attempts < ?) AND NOT (id = ANY(?)) ";

    private static Object[] claimParams(Slice slice, Claim claim, Collection<Long> excluded, Object... more) {
        List<Object> params = new ArrayList<>(List.of(slice.runId(), slice.count(), slice.index()));
        params.add(claim.vendor());
        params.add(claim.vendor());
        params.add(claim.states().stream().map(Enum::name).toArray(String[]::new));
        params.add(claim.inDoubtCap());
        params.add(excluded.toArray(Long[]::new));
        params.addAll(List.of(more));
        return params.toArray();
    }

    /** Moves the task if the transition table allows it and nobody moved it first. */
    public Task move(Task task, Transition t) {
        if (!task.state().canMoveTo(t.to())) throw new IllegalTransitionException(task.id(), task.state(), t.to());
        // one round trip: the row as moved comes back with the update
        return jdbc.sql("""
                UPDATE task SET state = ?, version = version + 1, updated_at = now(),
                    vendor_request_id = COALESCE(?, vendor_request_id),
                    next_attempt_at = ?,
                    error_class = COALESCE(?, error_class), error_message = COALESCE(?, error_message),
                    error_code = CASE WHEN ?::text IS NULL THEN error_code ELSE ? END,
                    attempts = attempts + CASE WHEN ? = 'SUBMITTING' THEN 1 ELSE 0 END,
                    submitted_at = CASE WHEN ? = 'SUBMITTED' THEN now() ELSE submitted_at END,
                    finished_at = CASE WHEN ? IN ('SUCCEEDED', 'FAILED', 'CANCELLED') THEN now() ELSE finished_at END
                WHERE id = ? AND version = ? RETURNING\s""" + MOVED)
                .params(t.to().name(), t.vendorRequestId(), ts(t.nextAttemptAt()), t.errorClass(), t.errorMessage(),
                        t.errorClass(), t.errorCode(), t.to().name(), t.to().name(), t.to().name(), task.id(), task.version())
                .query((rs, n) -> moved(task, rs)).optional()
                .orElseThrow(() -> new StaleTaskException(task.id(), task.version()));
    }

    /** Why a task waits, changed without a move (a limit now holds a task that was waiting for a retry). */
    public Task explain(Task task, String errorClass, String message) {
        return jdbc.sql("""
                UPDATE task SET version = version + 1, updated_at = now(), error_class = ?, error_code = NULL, error_message = ?
                WHERE id = ? AND version = ? RETURNING\s""" + MOVED)
                .params(errorClass, message, task.id(), task.version()).query((rs, n) -> moved(task, rs)).optional()
                .orElseThrow(() -> new StaleTaskException(task.id(), task.version()));
    }

    public Map<TaskState, Long> counts(long runId) {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        jdbc.sql("SELECT state, count(*) FROM task WHERE run_id = ? GROUP BY state").param(runId)
                .query((rs, n) -> counts.put(TaskState.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return counts;
    }

    /** Rows (not tasks: a split row counts once) routed to each vendor so far. */
    public Map<String, Long> rowsByVendor(long runId) {
        Map<String, Long> rows = new java.util.HashMap<>();
        jdbc.sql("SELECT vendor, count(*) FROM task WHERE run_id = ? AND part = 0 GROUP BY vendor").param(runId)
                .query((rs, n) -> rows.put(rs.getString(1), rs.getLong(2))).list();
        return rows;
    }

    /** Task counts by vendor, then state. */
    public Map<String, Map<TaskState, Long>> countsByVendor(long runId) {
        Map<String, Map<TaskState, Long>> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT vendor, state, count(*) FROM task WHERE run_id = ? GROUP BY vendor, state").param(runId)
                .query((rs, n) -> counts.computeIfAbsent(rs.getString(1), v -> new EnumMap<>(TaskState.class))
                        .put(TaskState.valueOf(rs.getString(2)), rs.getLong(3))).list();
        return counts;
    }

    private Task map(ResultSet rs, int n) throws SQLException {
        return new Task(rs.getLong("id"), rs.getLong("run_id"), rs.getString("item_key"), rs.getLong("line_no"),
                rs.getString("vendor"), json.readValue(rs.getString("request"), TaskRequest.class),
                TaskState.valueOf(rs.getString("state")), rs.getInt("version"), rs.getInt("attempts"),
                rs.getString("vendor_request_id"), instant(rs.getTimestamp("next_attempt_at")),
                instant(rs.getTimestamp("submitted_at")), rs.getInt("part"));
    }

    /** The task after an update of its row: what an update can change is read back, the rest never changes. */
    private static Task moved(Task before, ResultSet rs) throws SQLException {
        return new Task(before.id(), before.runId(), before.itemKey(), before.lineNo(), before.vendor(), before.request(),
                TaskState.valueOf(rs.getString("state")), rs.getInt("version"), rs.getInt("attempts"),
                rs.getString("vendor_request_id"), instant(rs.getTimestamp("next_attempt_at")),
                instant(rs.getTimestamp("submitted_at")), before.part());
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
