package io.retouch.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The done criteria: a dry run of the demo prints the spend estimate and records nothing;
 * a run with a budget below its manifest's cost stops submitting at the budget, holds the rest and
 * says so, and `restart --budget` sends the rest.
 */
@RetouchTest
class MoneyIntegrationTests {

    /** fal, Nano Banana Pro edit: "$0.15 · $0.15 · $0.30" per image at 1K · 2K · 4K (vendors.md §1 table). */
    private static final BigDecimal FAL_1K_2K = new BigDecimal("0.15");

    @Autowired JdbcClient jdbc;

    @Test
    void aDryRunOfTheDemoPrintsTheSpendEstimateAndRecordsNothing(@TempDir Path home) {
        String before = recorded();

        Cli.Result dry = Cli.runIn(home, "run", "jobs/demo.yaml", "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        // 24 rows, 2 bad on purpose; of the 22 tasks one asks for 2 images (fal makes them in one call): 23 images
        String total = "$" + FAL_1K_2K.multiply(BigDecimal.valueOf(23)).setScale(2).toPlainString();
        assertThat(dry.out()).contains("rows: 22 accepted, 2 rejected")
                .contains("line 22 (bad-ratio): aspect_ratio '7:3'")
                .containsPattern("fal +22 tasks +\\Q" + total + "\\E")
                .contains("total: 22 tasks, " + total)
                .contains("nothing is recorded, staged or paid");
        assertThat(recorded()).isEqualTo(before);
    }

    @Test
    void aRunWithABudgetBelowItsCostStopsAtTheBudgetHoldsTheRestAndSaysSo(@TempDir Path dir) throws Exception {
        Manifests.write(dir, 6);
        Path spec = Manifests.spec(dir, "budget-test", """
                name: fal
                max-in-flight: 4
                requests-per-second: 500
                poll-min: 50ms""", "retouch-budget");
        BigDecimal budget = FAL_1K_2K.multiply(BigDecimal.valueOf(3));
        Files.writeString(spec, Files.readString(spec) + """
                budget: %s
                simulator:
                  latency: "fixed:100ms"
                  concurrency: 4
                """.formatted(budget.toPlainString()));

        Cli.Result first = Cli.runIn(dir, "run", spec.toString());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3); // work left
        long run = runId(first.out());
        assertThat(count("SELECT count(*) FROM attempt WHERE run_id = ? AND state = 'ACCEPTED'", run)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM task WHERE run_id = ? AND state IN ('PENDING', 'RETRY_WAIT')", run)).isEqualTo(3);
        Cli.Result status = Cli.runIn(dir, "status", Long.toString(run));
        assertThat(status.out())
                .contains("held unsent: 3 tasks: the run's budget of $0.45 is reached: $0.45 spent or reserved, "
                        + "the next task costs $0.15; raise it with `retouch restart " + run + " --budget USD`")
                .contains("spent: $0.45 of a $0.45 budget");
        assertThat(Cli.runIn(dir, "status", Long.toString(run), "--json").out())
                .contains("\"spent_usd\" : 0.45").contains("\"budget_usd\" : 0.45").contains("\"held_tasks\" : 3");
        assertThat(Cli.runIn(dir, "tasks", Long.toString(run), "--csv").out()).contains(",0.15,");

        Cli.Result restart = Cli.runIn(dir, "restart", Long.toString(run), "--budget", "0.90");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(Cli.runIn(dir, "status", Long.toString(run)).out()).contains("spent: $0.90 of a $0.90 budget")
                .doesNotContain("held unsent");
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults(dir.resolve("sim")))) {
            assertThat(sim.ledger().total()).as("each row paid once, none past the budget").isEqualTo(6);
        }
    }

    /** Every table a run writes to, counted. */
    private String recorded() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM run) || '/' || (SELECT count(*) FROM task) || '/' || (SELECT count(*) FROM attempt)
                       || '/' || (SELECT count(*) FROM rejected_row) || '/' || (SELECT count(*) FROM run_money)
                       || '/' || (SELECT count(*) FROM account_day) || '/' || (SELECT count(*) FROM audit_record)""")
                .query(String.class).single();
    }

    private long count(String sql, long run) {
        return jdbc.sql(sql).param(run).query(Long.class).single();
    }

    private static long runId(String out) {
        Matcher m = Pattern.compile("Run (\\d+):").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
