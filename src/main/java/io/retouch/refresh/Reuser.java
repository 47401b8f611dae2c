package io.retouch.refresh;

import io.retouch.audit.AuditLog;
import io.retouch.spec.JobSpec;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.OutputKeys;
import io.retouch.storage.OutputRecord;
import io.retouch.storage.OutputStore;
import io.retouch.storage.S3Location;
import io.retouch.task.NewTask;
import io.retouch.task.TaskStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gives a just-ingested task the outputs of the latest task of the same job that made the same edit
 * (same fingerprint and part) and succeeded, instead of paying a vendor for it again: copied to the
 * new run's keys in the store, or referenced where they are, as the spec says. Runs in the ingest
 * chunk's transaction, so a task is either reused with its outputs recorded or left PENDING to be sent.
 */
@Component
public class Reuser {

    private final JdbcClient jdbc;
    private final TaskStore tasks;
    private final OutputStore outputs;
    private final ObjectStore store;
    private final AuditLog audit;

    public Reuser(JdbcClient jdbc, TaskStore tasks, OutputStore outputs, ObjectStore store, AuditLog audit) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.outputs = outputs;
        this.store = store;
        this.audit = audit;
    }

    /** Reuses what it can of {@code inserted} (tasks of one run); returns how many tasks it reused. */
    public int reuse(JobSpec spec, long runId, List<NewTask> inserted) {
        List<NewTask> rows = inserted.stream().filter(t -> t.fingerprint() != null).toList();
        if (spec.reuse() == null || rows.isEmpty()) return 0;
        Map<String, Long> sources = sources(spec.name(), runId, rows.stream().map(NewTask::fingerprint).distinct().toList());
        Map<Long, List<OutputRecord>> earlier = outputsOf(sources.values());
        int reused = 0;
        for (NewTask row : rows) {
            for (int part = 0; part < row.parts(); part++) {
                Long source = sources.get(row.fingerprint() + "/" + part);
                List<OutputRecord> was = source == null ? null : earlier.get(source);
                if (was == null || was.isEmpty()) continue;
                List<S3Location> placed = place(spec, runId, row, was);
                if (placed == null) continue; // an earlier output is gone from the store: this one is paid for again
                Long taskId = tasks.reused(runId, row.itemKey(), part, source);
                if (taskId == null) continue;
                for (int i = 0; i < was.size(); i++) {
                    OutputRecord o = was.get(i);
                    outputs.save(new OutputRecord(taskId, o.index(), runId, placed.get(i), o.sha256(), o.contentType(),
                            o.sizeBytes(), o.width(), o.height()));
                }
                audit.event(runId, taskId, row.vendor(), "reuse", placed.get(0).toString(),
                        "unchanged since task " + source + " (run " + was.get(0).runId() + "): "
                                + (spec.reuse() == JobSpec.Reuse.COPY ? "outputs copied" : "outputs referenced") + ", nothing paid");
                reused++;
            }
        }
        return reused;
    }

    /**
     * The latest succeeded task of the job (another run) per "fingerprint/part" whose objects still
     * hold what it recorded: none of them has been written over by a later output with other bytes.
     */
    private Map<String, Long> sources(String job, long runId, List<String> fingerprints) {
        Map<String, Long> found = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (t.fingerprint, t.part) t.fingerprint, t.part, t.id
                FROM task t JOIN run r ON r.id = t.run_id
                WHERE t.fingerprint = ANY(?) AND t.state = 'SUCCEEDED' AND r.job_name = ? AND t.run_id <> ?
                  AND EXISTS (SELECT 1 FROM output o WHERE o.task_id = t.id)
                  -- not when a later output was written over one of its objects (a key template without {run})
                  AND NOT EXISTS (SELECT 1 FROM output o JOIN output later ON later.bucket = o.bucket
                                      AND later.object_key = o.object_key AND later.sha256 <> o.sha256
                                      AND later.created_at >= o.created_at
                                  WHERE o.task_id = t.id)
                ORDER BY t.fingerprint, t.part, t.id DESC""")
                .params(fingerprints.toArray(String[]::new), job, runId)
                .query((rs, n) -> found.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3))).list();
        return found;
    }

    private Map<Long, List<OutputRecord>> outputsOf(java.util.Collection<Long> taskIds) {
        Map<Long, List<OutputRecord>> byTask = new HashMap<>();
        if (taskIds.isEmpty()) return byTask;
        jdbc.sql("""
                SELECT task_id, idx, run_id, bucket, object_key, sha256, content_type, size_bytes, width, height
                FROM output WHERE task_id = ANY(?) ORDER BY task_id, idx""")
                .param(taskIds.toArray(Long[]::new))
                .query((rs, n) -> byTask.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new OutputRecord(
                        rs.getLong(1), rs.getInt(2), rs.getLong(3), new S3Location(rs.getString(4), rs.getString(5)),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getObject(9, Integer.class),
                        rs.getObject(10, Integer.class))))
                .list();
        return byTask;
    }

    /** Where the new task's outputs are: copies under the run's keys, or the earlier objects; null if one is gone. */
    private List<S3Location> place(JobSpec spec, long runId, NewTask row, List<OutputRecord> was) {
        List<S3Location> placed = new ArrayList<>();
        for (OutputRecord o : was) {
            if (spec.reuse() == JobSpec.Reuse.REFERENCE) {
                if (store.head(o.location()) == null) return null;
                placed.add(o.location());
                continue;
            }
            S3Location to = new S3Location(spec.output().bucket(), OutputKeys.render(spec.output().keyTemplate(), spec.name(),
                    runId, row.itemKey(), row.lineNo(), o.index(), OutputKeys.extension(o.contentType())));
            // a key template without {run} names the earlier object itself: it is in place already
            if (to.equals(o.location()) ? store.head(to) == null : !store.copy(o.location(), to)) return null;
            placed.add(to);
        }
        return placed;
    }
}
