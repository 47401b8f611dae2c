package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.refresh.Reuser;
import io.retouch.run.RunStore;
import io.retouch.spec.JobSpecLoader;
import io.retouch.task.NewTask;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskStore;
import io.retouch.testing.RetouchTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingest writer on the real PostgreSQL, chunk by chunk as the ingest step calls it (each chunk in a
 * transaction of its own): a key's first line wins within a chunk, across chunks, and a chunk read again
 * after its transaction rolled back finds no duplicate of itself.
 */
@RetouchTest
class IngestWriterIntegrationTests {

    @Autowired TaskStore tasks;
    @Autowired RunStore runs;
    @Autowired JdbcClient jdbc;
    @Autowired Reuser reuser;
    @Autowired PlatformTransactionManager tx;

    @TempDir Path dir;

    long runId;
    IngestWriter writer;

    @BeforeEach
    void newRun() throws Exception {
        runId = runs.create("ingest-writer-test", "spec.yaml", "{}");
        Files.writeString(dir.resolve("m.csv"), "item_key,images,prompt\n");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "name: ingest-writer-test\nmanifest: m.csv\nvendor:\n  name: fal\noutput:\n  bucket: ingest-writer\n");
        writer = new IngestWriter(tasks, jdbc, new JobSpecLoader().load(spec), reuser);
    }

    @Test
    void aKeyRepeatedInTheSameChunkIsRejectedWithTheLineThatHasIt() {
        write(accepted("a", 2), accepted("b", 3), accepted("a", 4), rejected("c", 5, "prompt is empty"), accepted("a", 6));

        assertThat(lines()).containsExactly("a@2", "b@3");
        assertThat(rejections()).containsExactly(
                "4 a: item_key 'a' already used on line 2",
                "5 c: prompt is empty",
                "6 a: item_key 'a' already used on line 2");
    }

    @Test
    void aKeyOfAnEarlierChunkIsRejectedWithTheLineThatHasIt() {
        write(accepted("a", 2), accepted("b", 3));
        write(accepted("c", 4), accepted("b", 5), accepted("d", 6));
        write(accepted("a", 7));

        assertThat(lines()).containsExactly("a@2", "b@3", "c@4", "d@6");
        assertThat(rejections()).containsExactly(
                "5 b: item_key 'b' already used on line 3",
                "7 a: item_key 'a' already used on line 2");
    }

    @Test
    void aChunkReadAgainAfterItRolledBackFindsNoDuplicateOfItself() {
        write(accepted("a", 2));
        IngestItem[] second = {accepted("b", 3), accepted("a", 4), accepted("split", 5, 3), rejected(null, 6, "bad")};
        new TransactionTemplate(tx).executeWithoutResult(status -> {
            writeIn(second);
            status.setRollbackOnly(); // as a chunk whose commit failed: the step reads these rows again
        });
        assertThat(lines()).containsExactly("a@2");
        assertThat(rejections()).isEmpty();

        write(second);

        assertThat(lines()).containsExactly("a@2", "b@3", "split@5", "split@5", "split@5");
        assertThat(rejections()).containsExactly("4 a: item_key 'a' already used on line 2", "6 null: bad");
    }

    @Test
    void aChunkWrittenTwiceAddsNothingTheSecondTime() {
        IngestItem[] chunk = {accepted("a", 2), accepted("a", 3), accepted("split", 4, 2)};
        write(chunk);
        write(chunk);

        assertThat(lines()).containsExactly("a@2", "split@4", "split@4");
        assertThat(rejections()).containsExactly("3 a: item_key 'a' already used on line 2");
    }

    private void write(IngestItem... items) {
        new TransactionTemplate(tx).executeWithoutResult(status -> writeIn(items));
    }

    private void writeIn(IngestItem... items) {
        try {
            writer.write(new Chunk<>(List.of(items)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private IngestItem accepted(String key, long line) {
        return accepted(key, line, 1);
    }

    private IngestItem accepted(String key, long line, int parts) {
        TaskRequest request = new TaskRequest("p " + line, List.of("https://example.com/" + line + ".png"), "1:1", "1K",
                "png", 1, null);
        return new IngestItem.Accepted(new NewTask(runId, key, line, "fal", request, parts));
    }

    private IngestItem rejected(String key, long line, String reason) {
        return new IngestItem.Rejected(runId, line, key, reason);
    }

    /** The run's tasks as key@line, in id order: ids follow the manifest. */
    private List<String> lines() {
        return jdbc.sql("SELECT item_key || '@' || line_no FROM task WHERE run_id = ? ORDER BY id").param(runId)
                .query(String.class).list();
    }

    private List<String> rejections() {
        return new ArrayList<>(jdbc.sql("SELECT line_no || ' ' || coalesce(item_key, 'null') || ': ' || reason "
                        + "FROM rejected_row WHERE run_id = ? ORDER BY line_no").param(runId).query(String.class).list());
    }
}
