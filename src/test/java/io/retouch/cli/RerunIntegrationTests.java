package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rerunning failed work from the admin CLI, on the simulator with task failures and content blocks
 * switched on: the rerun is a new run of exactly the tasks that did not succeed, linked both ways,
 * and the simulator's ledger shows no second paid submission for any row that had succeeded.
 */
@RetouchTest
class RerunIntegrationTests {

    static final int ROWS = 16;

    @Autowired JdbcClient jdbc;

    @Test
    void aRerunTakesExactlyTheTasksThatDidNotSucceedAndNeverPaysTwiceForARowThatHad(@TempDir Path dir) throws Exception {
        Path spec = spec(dir, "1K");
        Cli.Result first = Cli.runIn(dir, "run", spec.toString());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1); // some tasks failed, on purpose
        long run = runId(first.out());
        List<String> failed = items(run, "FAILED");
        List<String> succeeded = items(run, "SUCCEEDED");
        assertThat(failed).isNotEmpty();
        assertThat(failed.size() + succeeded.size()).isEqualTo(ROWS);

        long runsBefore = jdbc.sql("SELECT count(*) FROM run").query(Long.class).single();
        Cli.Result dry = Cli.runIn(dir, "rerun", Long.toString(run), "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains(count(failed.size(), "task") + ", " + count(failed.size(), "paid submission"))
                .contains("Nothing was recorded or paid (--dry-run).");
        assertThat(jdbc.sql("SELECT count(*) FROM run").query(Long.class).single()).isEqualTo(runsBefore);

        Cli.Result rerun = Cli.runIn(dir, "rerun", Long.toString(run));
        assertThat(rerun.exitCode()).as(rerun.toString()).isIn(0, 1);
        Matcher m = Pattern.compile("Run (\\d+): reruns " + failed.size() + " tasks of run " + run).matcher(rerun.out());
        assertThat(m.find()).as(rerun.out()).isTrue();
        long second = Long.parseLong(m.group(1));
        assertThat(jdbc.sql("SELECT item_key FROM task WHERE run_id = ? ORDER BY item_key").param(second)
                .query(String.class).list()).isEqualTo(failed);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM task t JOIN task o ON o.id = t.reruns_task_id
                WHERE t.run_id = ? AND o.run_id = ? AND o.item_key = t.item_key AND o.state = 'FAILED'""")
                .params(second, run).query(Long.class).single()).isEqualTo(failed.size());

        try (Simulator sim = Simulator.start(SimulatorConfig.defaults(dir.resolve("sim")))) {
            Map<String, Integer> paid = sim.ledger().countsByPrompt();
            for (String item : succeeded) assertThat(paid.get(prompt(item))).as("paid for " + item).isEqualTo(1);
            for (String item : failed) assertThat(paid.get(prompt(item))).as("paid for " + item).isEqualTo(2);
        }

        assertThat(Cli.runIn(dir, "status", Long.toString(run)).out()).contains("rerun in: run " + second);
        assertThat(Cli.runIn(dir, "status", Long.toString(second)).out()).contains("reruns tasks of run " + run);

        List<String> doneInRerun = items(second, "SUCCEEDED");
        Cli.Result again = Cli.runIn(dir, "rerun", Long.toString(run), "--dry-run");
        assertThat(again.out()).as("what the rerun did is not paid for again")
                .contains(count(failed.size() - doneInRerun.size(), "task") + ",");
        if (!doneInRerun.isEmpty())
            assertThat(again.out()).contains("left out: " + doneInRerun.size() + " tasks a rerun already has (run " + second + ")");
    }

    @Test
    void whatARerunCannotDoIsRefusedBeforeAnythingIsRecorded(@TempDir Path dir) throws Exception {
        Cli.Result first = Cli.runIn(dir, "run", spec(dir, "2K").toString());
        long run = runId(first.out());
        long runsBefore = jdbc.sql("SELECT count(*) FROM run").query(Long.class).single();

        Cli.Result succeeded = Cli.runIn(dir, "rerun", Long.toString(run), "--state", "SUCCEEDED");
        assertThat(succeeded.exitCode()).isEqualTo(2);
        assertThat(succeeded.err()).contains("a task that succeeded is never paid again by a rerun");

        Cli.Result inDoubt = Cli.runIn(dir, "rerun", Long.toString(run), "--state", "IN_DOUBT");
        assertThat(inDoubt.err()).contains("--state IN_DOUBT needs --include-in-doubt");

        Path items = dir.resolve("items.txt");
        Files.writeString(items, "nope\n" + items(run, "SUCCEEDED").getFirst() + "\n");
        Cli.Result named = Cli.runIn(dir, "rerun", Long.toString(run), "--items", items.toString());
        assertThat(named.exitCode()).isEqualTo(2);
        assertThat(named.err()).contains("--items line 1: 'nope' is not an item of run " + run)
                .contains("--items line 2: '" + items(run, "SUCCEEDED").getFirst() + "' is SUCCEEDED in run " + run);

        // SinanCode's edit model makes about 1K only; every row asks for 2K
        Cli.Result vendor = Cli.runIn(dir, "rerun", Long.toString(run), "--vendor", "sinancode");
        assertThat(vendor.exitCode()).as(vendor.toString()).isEqualTo(2);
        assertThat(vendor.err()).contains("sinancode cannot serve it: resolution '2K' is not one of [1K]");
        Cli.Result nobody = Cli.runIn(dir, "rerun", Long.toString(run), "--vendor", "nobody");
        assertThat(nobody.err()).contains("--vendor nobody is not a vendor Retouch knows");

        Cli.Result unknown = Cli.runIn(dir, "rerun", "999999");
        assertThat(unknown.err()).contains("no run 999999");
        assertThat(jdbc.sql("SELECT count(*) FROM run").query(Long.class).single()).isEqualTo(runsBefore);
    }

    private Path spec(Path dir, String resolution) throws Exception {
        Manifests.write(dir, 0);
        List<String> lines = new ArrayList<>(List.of("item_key,images,prompt,resolution"));
        for (int i = 0; i < ROWS; i++)
            lines.add("row-" + i + ",images/in-" + (i % 4) + ".png," + prompt("row-" + i) + "," + resolution);
        Files.write(dir.resolve("manifest.csv"), lines);
        Path spec = Manifests.spec(dir, "rerun-test", """
                name: fal
                max-in-flight: 8
                requests-per-second: 500
                poll-min: 50ms""", "retouch-rerun");
        Files.writeString(spec, Files.readString(spec) + """
                simulator:
                  latency: "fixed:100ms"
                  concurrency: 8
                  faults: "task-failed=0.25,content-blocked=0.2"
                """);
        return spec;
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static String prompt(String item) {
        return "rerun test " + item;
    }

    private List<String> items(long run, String state) {
        return jdbc.sql("SELECT item_key FROM task WHERE run_id = ? AND state = ? ORDER BY item_key").params(run, state)
                .query(String.class).list();
    }

    private static long runId(String out) {
        Matcher m = Pattern.compile("^Run (\\d+): ", Pattern.MULTILINE).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
