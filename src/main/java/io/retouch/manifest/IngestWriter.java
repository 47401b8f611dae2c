package io.retouch.manifest;

import io.retouch.refresh.Reuser;
import io.retouch.spec.JobSpec;
import io.retouch.task.NewTask;
import io.retouch.task.TaskStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes one chunk of tasks and rejections in the chunk's transaction: its tasks in one COPY (see
 * {@link TaskStore#insertAll}), its rejections in one statement; duplicates of an item key are rejected with the line that holds the key;
 * with skip-unchanged, tasks an earlier run of the job already made take over its outputs.
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
        List<NewTask> accepted = new ArrayList<>(chunk.size());
        List<IngestItem.Rejected> rejected = new ArrayList<>();
        for (IngestItem item : chunk) {
            switch (item) {
                case IngestItem.Accepted a -> accepted.add(a.task());
                case IngestItem.Rejected r -> rejected.add(r);
            }
        }
        List<NewTask> duplicates = tasks.insertAll(accepted);
        if (!accepted.isEmpty() && spec.reuse() != null) {
            Set<NewTask> duplicated = new HashSet<>(duplicates);
            List<NewTask> inserted = accepted.stream().filter(t -> !duplicated.contains(t)).toList();
            reuser.reuse(spec, accepted.get(0).runId(), inserted);
        }
        if (!duplicates.isEmpty()) {
            long runId = duplicates.getFirst().runId();
            Map<String, Long> firstLines = tasks.linesOf(runId, duplicates.stream().map(NewTask::itemKey).toList());
            for (NewTask dup : duplicates)
                rejected.add(new IngestItem.Rejected(dup.runId(), dup.lineNo(), dup.itemKey(),
                        "item_key '" + dup.itemKey() + "' already used on line " + firstLines.get(dup.itemKey())));
        }
        record(rejected);
    }

    /** The chunk's rejections in one statement; a row recorded before (a chunk read again) is kept as it was. */
    private void record(List<IngestItem.Rejected> rejected) {
        if (rejected.isEmpty()) return;
        int n = rejected.size();
        long[] runIds = new long[n];
        long[] lines = new long[n];
        String[] itemKeys = new String[n];
        String[] reasons = new String[n];
        for (int i = 0; i < n; i++) {
            IngestItem.Rejected r = rejected.get(i);
            runIds[i] = r.runId();
            lines[i] = r.lineNo();
            itemKeys[i] = r.itemKey();
            reasons[i] = r.reason();
        }
        jdbc.sql("""
                INSERT INTO rejected_row (run_id, line_no, item_key, reason)
                SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING""")
                .params(runIds, lines, itemKeys, reasons).update();
    }
}
