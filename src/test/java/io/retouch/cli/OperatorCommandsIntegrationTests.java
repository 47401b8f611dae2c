package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.job.RunCompleteException;
import io.retouch.job.RunLauncher;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import io.retouch.storage.OutputRecord;
import io.retouch.storage.OutputStore;
import io.retouch.storage.S3Location;
import io.retouch.task.AttemptStore;
import io.retouch.task.NewTask;
import io.retouch.task.Task;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.task.Transition;
import io.retouch.testing.Cli;
import io.retouch.testing.RetouchTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read side of the admin CLI as an operator types it (in this JVM, on the real test PostgreSQL):
 * `tasks` lists why each task failed and where each output went, `status` names failures by cause
 * with examples, `--json` keys are snake_case everywhere, and `restart` refuses what it cannot do
 * before printing anything else.
 */
@RetouchTest
class OperatorCommandsIntegrationTests {

    static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";

    @Autowired RunStore runs;
    @Autowired TaskStore tasks;
    @Autowired AttemptStore attempts;
    @Autowired OutputStore outputs;
    @Autowired JdbcClient jdbc;
    @Autowired RunLauncher launcher;

    long run;

    @BeforeEach
    void aFinishedRunWithSuccessesAndFailures() {
        run = runs.create("operator", "jobs/operator.yaml", "{}");
        tasks.insertAll(List.of(
                new NewTask(run, "mug", 2, "fal", request("warm light")),
                new NewTask(run, "lamp", 3, "fal", request("night scene")),
                new NewTask(run, "chair", 4, "mulerun", request(FORMULA)),
                new NewTask(run, "vase", 5, "fal", request("spring flowers"))));
        List<Task> all = tasks.allIn(run, java.util.EnumSet.of(TaskState.PENDING));
        Task mug = all.get(0);
        AttemptStore.Begun begun = attempts.begin(mug, io.retouch.money.Charges.free(mug));
        Task collecting = tasks.move(attempts.accepted(begun, "req-mug"), Transition.to(TaskState.COLLECTING));
        outputs.save(new OutputRecord(mug.id(), 0, run, new S3Location("retouch-out", "operator/" + run + "/mug/0.png"),
                "ab", "image/png", 10, 1, 1));
        tasks.move(collecting, Transition.to(TaskState.SUCCEEDED));
        tasks.move(all.get(1), Transition.to(TaskState.FAILED).withError("CONTENT_BLOCKED", "content_policy_violation",
                "CONTENT_BLOCKED [content_policy_violation]: the prompt was flagged"));
        tasks.move(all.get(2), Transition.to(TaskState.FAILED).withError("VENDOR_TASK_FAILED", "500",
                "VENDOR_TASK_FAILED [500]: Internal error: image generation failed"));
        tasks.move(all.get(3), Transition.to(TaskState.FAILED).withError("CONTENT_BLOCKED", "content_policy_violation",
                "CONTENT_BLOCKED [content_policy_violation]: the image was flagged"));
        runs.status(run, RunStatus.COMPLETED);
    }

    @Test
    void tasksListsEveryTaskWithItsCauseTheVendorsWordsAndItsOutputs() {
        Cli.Result listed = Cli.run("tasks", Long.toString(run));
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("s3://retouch-out/operator/" + run + "/mug/0.png")
                .contains("CONTENT_BLOCKED [content_policy_violation]: the prompt was flagged")
                .contains("VENDOR_TASK_FAILED [500]: Internal error: image generation failed");

        Cli.Result json = Cli.run("tasks", Long.toString(run), "--state", "failed", "--vendor", "fal", "--json");
        JsonNode rows = new JsonMapper().readTree(json.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("item_key").asString()).isEqualTo("lamp");
        assertThat(rows.get(0).get("line").asLong()).isEqualTo(3);
        assertThat(rows.get(0).get("cause").asString()).isEqualTo("CONTENT_BLOCKED");
        assertThat(rows.get(0).get("vendor_code").asString()).isEqualTo("content_policy_violation");
        assertThat(rows.get(0).get("attempts").asInt()).isZero();

        Cli.Result byCause = Cli.run("tasks", Long.toString(run), "--cause", "vendor_task_failed", "--json");
        assertThat(new JsonMapper().readTree(byCause.out())).extracting(n -> n.get("item_key").asString()).containsExactly("chair");
    }

    @Test
    void tasksCsvKeepsASpreadsheetFromRunningAPromptAsAFormula() {
        Cli.Result csv = Cli.run("tasks", Long.toString(run), "--csv");
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo(String.join(",", TasksCommand.CSV_COLUMNS));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).contains(",mug,2,0,fal,SUCCEEDED,,,,1,,req-mug,warm light,,,s3://retouch-out/operator/" + run + "/mug/0.png");
        assertThat(lines.get(3)).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",")
                .doesNotContain(",=HYPERLINK");
    }

    @Test
    void badFiltersAndUnknownRunsAreRefusedWithWhatIsWrong() {
        Cli.Result state = Cli.run("tasks", Long.toString(run), "--state", "BROKEN");
        assertThat(state.exitCode()).isEqualTo(2);
        assertThat(state.err()).contains("--state BROKEN is not a task state").contains("IN_DOUBT");
        Cli.Result both = Cli.run("tasks", Long.toString(run), "--json", "--csv");
        assertThat(both.exitCode()).isEqualTo(2);
        Cli.Result unknown = Cli.run("tasks", "999999");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run 999999");
    }

    @Test
    void statusNamesTheFailuresByCauseWithTheFirstItemsAndMessages() {
        Cli.Result status = Cli.run("status", Long.toString(run));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsSubsequence(
                "CONTENT_BLOCKED        2",
                "line 3 (lamp), task ", "CONTENT_BLOCKED [content_policy_violation]: the prompt was flagged",
                "line 5 (vase), task ", "the image was flagged",
                "VENDOR_TASK_FAILED     1",
                "line 4 (chair)",
                "retouch tasks " + run + " --state FAILED");

        JsonNode report = new JsonMapper().readTree(Cli.run("status", Long.toString(run), "--json").out());
        assertThat(report.get("failures_by_cause").get("CONTENT_BLOCKED").asLong()).isEqualTo(2);
        assertThat(report.get("failure_examples").get("CONTENT_BLOCKED").get(0).get("vendor_code").asString())
                .isEqualTo("content_policy_violation");
        assertThat(report.get("paid_submissions").asLong()).isEqualTo(1);

        JsonNode listed = new JsonMapper().readTree(Cli.run("runs", "--json", "--limit", "1").out());
        assertThat(listed.get(0).get("created_at")).as("one key style across --json outputs").isNotNull();
    }

    @Test
    void restartRefusesAnUnknownRunBeforePrintingAndLeavesACompleteRunAlone() {
        Cli.Result unknown = Cli.run("restart", "999999");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("no run 999999");

        Instant finished = finishedAt();
        Cli.Result complete = Cli.run("restart", Long.toString(run));
        assertThat(complete.exitCode()).as(complete.toString()).isZero();
        assertThat(complete.out()).contains("Run " + run + " is complete: nothing left to do (1 succeeded, 3 failed of 4 tasks)")
                .contains("retouch rerun " + run).doesNotContain("Restarting");
        assertThat(finishedAt()).as("nothing rewritten").isEqualTo(finished);
    }

    @Test
    void aRestartThatWinsTheLockAfterTheRunCompletedLeavesItAlone() {
        // the race CI met: `restart` read the run while it was working, then took its lock once it had completed
        Instant finished = finishedAt();
        assertThatThrownBy(() -> launcher.restart(run, null)).isInstanceOf(RunCompleteException.class);
        assertThat(finishedAt()).as("nothing dispatched, nothing rewritten").isEqualTo(finished);
    }

    private Instant finishedAt() {
        return jdbc.sql("SELECT finished_at FROM run WHERE id = ?").param(run).query(java.sql.Timestamp.class).single().toInstant();
    }

    private static TaskRequest request(String prompt) {
        return new TaskRequest(prompt, List.of("https://example.com/in.png"), "1:1", "1K", "png", 1, null);
    }
}
