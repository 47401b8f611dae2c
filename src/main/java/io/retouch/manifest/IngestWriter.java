package io.retouch.manifest;

import io.retouch.refresh.Reuser;
import io.retouch.spec.JobSpec;
import io.retouch.task.NewTask;
import io.retouch.task.TaskStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes one chunk of tasks and rejections in the chunk's transaction; duplicates of an item key are
 * rejected; with skip-unchanged, tasks an earlier run of the job already made take over its outputs.
 */
public class IngestWriter implements ItemWriter<IngestItem> {

    private final TaskStore tasks;
    private final JdbcClient jdbc;
    private final JobSpec spec;
    private final Reuser reuser;

    public IngestWriter(TaskStore tasks, JdbcClient jdbc, JobSpec spec, Reuser reuser) {
        this.tasks = tasks;
        this.jdbc = jdbc;
        this.spec = spec;
        this.reuser = reuser;
    }

    @Override
    public void write(Chunk<? extends IngestItem> chunk) {
        List<NewTask> accepted = new ArrayList<>();
        List<IngestItem.Rejected> rejected = new ArrayList<>();
        for (IngestItem item : chunk) {
            switch (item) {
                case IngestItem.Accepted a -> accepted.add(a.task());
                case IngestItem.Rejected r -> rejected.add(r);
            }
        }
        List<NewTask> duplicates = tasks.insertAll(accepted);
        if (!accepted.isEmpty() && spec.reuse() != null) {
            List<NewTask> inserted = new ArrayList<>(accepted);
            inserted.removeAll(duplicates);
            reuser.reuse(spec, accepted.get(0).runId(), inserted);
        }
        for (NewTask dup : duplicates) {
            rejected.add(new IngestItem.Rejected(dup.runId(), dup.lineNo(), dup.itemKey(),
                    "item_key '" + dup.itemKey() + "' already used on line " + tasks.lineOf(dup.runId(), dup.itemKey())));
        }
        for (IngestItem.Rejected r : rejected) {
            jdbc.sql("INSERT INTO rejected_row (run_id, line_no, item_key, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(r.runId(), r.lineNo(), r.itemKey(), r.reason()).update();
        }
    }
}
