package io.retouch.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.job.RunLauncher;
import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.RunStore;
import io.retouch.task.NewTask;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskStore;
import io.retouch.spec.JobSpecLoader;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * skip-unchanged as a nightly job meets it, on the real PostgreSQL and S3 and the simulator: run
 * twice unchanged, the second run pays nothing and has every output in its own keys; change two
 * rows (one image's bytes under the same file name, one prompt) and only those two are paid for.
 */
@RetouchTest
class SkipUnchangedIntegrationTests {

    static final int ROWS = 6;

    @Autowired RunLauncher launcher;
    @Autowired RunReports reports;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectStore store;
    @Autowired RunStore runs;
    @Autowired TaskStore tasks;

    @TempDir
    Path dir;

    @Test
    void anUnchangedRowIsNeverPaidTwiceAndItsOutputsAreCopiedToTheNewRun() throws Exception {
        spec("nightly-copy", "skip-unchanged: true");
        long first = run();
        assertThat(reports.of(first).paidSubmissions()).isEqualTo(ROWS);
        assertThat(reports.of(first).reused().tasks()).isZero();

        long second = run();
        RunReport again = reports.of(second);
        assertThat(again.paidSubmissions()).as("nothing changed: nothing paid").isZero();
        assertThat(again.tasks().get("SUCCEEDED")).isEqualTo(ROWS);
        assertThat(again.reused()).isEqualTo(new RunReport.Reused(ROWS, new BigDecimal("0.90"), 0)); // fal 1K: $0.15 each
        List<S3Location> outputs = outputs(second);
        assertThat(outputs).hasSize(ROWS).allSatisfy(o -> {
            assertThat(o.key()).startsWith("nightly-copy/" + second + "/");
            assertThat(store.head(o)).as("copied into the store: " + o).isNotNull();
        });
        assertThat(Cli.run("status", Long.toString(second)).out())
                .contains("reused: 6 tasks unchanged since an earlier run of the job, not sent (saved $0.90)");

        // item-0 and item-4 show in-0.png: new bytes under the same name; item-1 gets a new prompt
        BufferedImage changed = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(changed, "png", dir.resolve("images/in-0.png").toFile());
        List<String> lines = Files.readAllLines(dir.resolve("manifest.csv"));
        lines.set(2, lines.get(2).replace("edit number 1", "edit number one"));
        Files.write(dir.resolve("manifest.csv"), lines);

        long third = run();
        RunReport after = reports.of(third);
        assertThat(after.paidSubmissions()).as("three rows changed").isEqualTo(3);
        assertThat(after.reused().tasks()).isEqualTo(ROWS - 3);
        assertThat(jdbc.sql("SELECT item_key FROM task WHERE run_id = ? AND reused_from_task_id IS NULL ORDER BY item_key")
                .param(third).query(String.class).list()).containsExactly("item-0", "item-1", "item-4");
    }

    @Test
    void referencedOutputsStayWhereTheEarlierRunPutThem() throws Exception {
        spec("nightly-reference", "skip-unchanged: true\nreused-outputs: reference");
        long first = run();
        long second = run();
        assertThat(reports.of(second).paidSubmissions()).isZero();
        assertThat(outputs(second)).containsExactlyInAnyOrderElementsOf(outputs(first));
        assertThat(jdbc.sql("""
                SELECT count(*) FROM task t JOIN task s ON s.id = t.reused_from_task_id
                WHERE t.run_id = ? AND s.run_id = ? AND s.item_key = t.item_key""").params(second, first)
                .query(Long.class).single()).as("each task records where its outputs came from").isEqualTo(ROWS);
    }

    // Bug (review): without {run} in the key, a later run overwrote the objects of an earlier edit, and a row
    // reverted to that earlier edit was "reused" from the overwritten objects: the later edit's image.
    @Test
    void anEditWhoseObjectsALaterRunOverwroteIsPaidForAgain() throws Exception {
        spec("nightly-no-run-key", "skip-unchanged: true");
        Files.writeString(dir.resolve("job.yaml"), Files.readString(dir.resolve("job.yaml"))
                .replace("  bucket: retouch-refresh\n", "  bucket: retouch-refresh\n  key: \"{job}/{item}/{index}.{ext}\"\n"));
        Path image = dir.resolve("images/in-0.png");
        byte[] original = Files.readAllBytes(image);
        run();
        ImageIO.write(new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        long second = run();
        assertThat(reports.of(second).paidSubmissions()).as("item-0 and item-4 changed").isEqualTo(2);
        Files.write(image, original);

        long third = run();
        assertThat(reports.of(third).paidSubmissions()).as("back to the first edit, whose objects run 2 overwrote").isEqualTo(2);
        assertThat(jdbc.sql("SELECT item_key FROM task WHERE run_id = ? AND reused_from_task_id IS NULL ORDER BY item_key")
                .param(third).query(String.class).list()).containsExactly("item-0", "item-4");
    }

    @Test
    void withoutSkipUnchangedEveryRunPaysForEveryRow() throws Exception {
        spec("nightly-always", "");
        run();
        long second = run();
        assertThat(reports.of(second).paidSubmissions()).isEqualTo(ROWS);
        assertThat(reports.of(second).reused().tasks()).isZero();
    }

    @Test
    void aRerunAsksForTheSameEditSoItKeepsTheFingerprint() {
        long run = runs.create("nightly-rerun", "job.yaml", "{}");
        TaskRequest request = new TaskRequest("warm light", List.of("https://example.com/mug.png"), "1:1", "1K", "png", 1, null);
        tasks.insertAll(List.of(new NewTask(run, "mug", 2, "fal", request).withFingerprint("f".repeat(64))));
        long failed = jdbc.sql("SELECT id FROM task WHERE run_id = ?").param(run).query(Long.class).single();
        long rerun = runs.create("nightly-rerun", "job.yaml", "{}");
        long again = tasks.insertRerun(rerun, "mug", 0, 2, "fal", request, failed);
        assertThat(jdbc.sql("SELECT fingerprint FROM task WHERE id = ?").param(again).query(String.class).single())
                .as("once the rerun succeeds, the next skip-unchanged run reuses it").isEqualTo("f".repeat(64));
    }

    private void spec(String name, String skip) throws Exception {
        Manifests.write(dir, ROWS);
        Files.writeString(dir.resolve("job.yaml"), """
                name: %s
                manifest: manifest.csv
                %s
                vendor:
                  name: fal
                  poll-min: 50ms
                simulator:
                  latency: "fixed:20ms"
                output:
                  bucket: retouch-refresh
                """.formatted(name, skip));
    }

    private long run() throws Exception {
        long run = launcher.create(new JobSpecLoader().load(dir.resolve("job.yaml")));
        assertThat(launcher.start(run)).isEqualTo(BatchStatus.COMPLETED);
        assertThat(reports.of(run).tasks().get("SUCCEEDED")).isEqualTo(ROWS);
        return run;
    }

    private List<S3Location> outputs(long run) {
        return jdbc.sql("SELECT bucket, object_key FROM output WHERE run_id = ?").param(run)
                .query((rs, n) -> new S3Location(rs.getString(1), rs.getString(2))).list();
    }
}
