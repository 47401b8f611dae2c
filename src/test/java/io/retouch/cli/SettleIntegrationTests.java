package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.run.RunStore;
import io.retouch.task.AttemptStore;
import io.retouch.task.NewTask;
import io.retouch.task.Task;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.Cli;
import io.retouch.testing.RetouchTest;
import java.sql.Connection;
import java.util.EnumSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** `retouch settle`: the operator's three ways out for a task in doubt, and what it refuses. */
@RetouchTest
class SettleIntegrationTests {

    @Autowired RunStore runs;
    @Autowired TaskStore tasks;
    @Autowired AttemptStore attempts;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

    long run;
    List<Task> inDoubt;

    @BeforeEach
    void threeTasksCaughtMidSubmit() {
        run = runs.create("settle", "jobs/settle.yaml", "{}");
        tasks.insertAll(List.of(new NewTask(run, "a", 2, "fal", request()), new NewTask(run, "b", 3, "fal", request()),
                new NewTask(run, "c", 4, "fal", request())));
        for (Task task : tasks.allIn(run, EnumSet.of(TaskState.PENDING))) {
            AttemptStore.Begun begun = attempts.begin(task, io.retouch.money.Charges.free(task));
            attempts.inDoubt(begun.task(), begun.attemptId(), "the process died mid-submit", null);
        }
        inDoubt = tasks.allIn(run, EnumSet.of(TaskState.IN_DOUBT));
        assertThat(inDoubt).hasSize(3);
    }

    @Test
    void aTaskFoundAtTheVendorIsFollowedAndTheRestGivenUpOrResubmitted() {
        Task a = inDoubt.get(0);
        Cli.Result follow = Cli.run("settle", Long.toString(run), "--task", Long.toString(a.id()), "--vendor-id", "req-42");
        assertThat(follow.exitCode()).as(follow.toString()).isZero();
        assertThat(follow.out()).contains("task " + a.id() + " (line 2, a): IN_DOUBT → SUBMITTED, following vendor task req-42")
                .contains("retouch restart " + run);
        assertThat(tasks.get(a.id()).vendorRequestId()).isEqualTo("req-42");
        assertThat(jdbc.sql("SELECT state FROM attempt WHERE task_id = ?").param(a.id()).query(String.class).single())
                .as("its one attempt was paid and is followed").isEqualTo("ACCEPTED");

        Task b = inDoubt.get(1);
        Cli.Result resubmit = Cli.run("settle", Long.toString(run), "--task", Long.toString(b.id()), "--resubmit");
        assertThat(resubmit.exitCode()).as(resubmit.toString()).isZero();
        assertThat(tasks.get(b.id()).state()).isEqualTo(TaskState.RETRY_WAIT);

        Cli.Result abandon = Cli.run("settle", Long.toString(run), "--all", "--abandon");
        assertThat(abandon.exitCode()).as(abandon.toString()).isZero();
        assertThat(abandon.out()).contains("task " + inDoubt.get(2).id() + " (line 4, c): IN_DOUBT → FAILED");
        assertThat(jdbc.sql("SELECT error_class FROM task WHERE id = ?").param(inDoubt.get(2).id()).query(String.class).single())
                .isEqualTo("ABANDONED");

        assertThat(Cli.run("settle", Long.toString(run), "--all", "--abandon").out()).contains("has no task in doubt");
    }

    @Test
    void whatCannotBeSettledIsRefusedWithTheReason() throws Exception {
        Cli.Result allFollow = Cli.run("settle", Long.toString(run), "--all", "--vendor-id", "x");
        assertThat(allFollow.exitCode()).isEqualTo(2);
        assertThat(allFollow.err()).contains("give --task ID, not --all");

        Cli.Result none = Cli.run("settle", Long.toString(run), "--abandon");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--task").contains("--all");

        Cli.Result stranger = Cli.run("settle", Long.toString(run), "--task", "99999999", "--abandon");
        assertThat(stranger.err()).contains("run " + run + " has no task 99999999");

        Cli.Result unknown = Cli.run("settle", "99999999", "--all", "--abandon");
        assertThat(unknown.err()).contains("no run 99999999");

        try (Connection worker = dataSource.getConnection()) {
            // another process works the run: it holds the run's lock
            worker.createStatement().execute("SELECT pg_advisory_lock(" + 0x52455443 + ", " + run + ")");
            Cli.Result busy = Cli.run("settle", Long.toString(run), "--all", "--abandon");
            assertThat(busy.exitCode()).isEqualTo(2);
            assertThat(busy.err()).contains("run " + run + " is being processed by another Retouch process");
            worker.createStatement().execute("SELECT pg_advisory_unlock(" + 0x52455443 + ", " + run + ")");
        }
        assertThat(tasks.allIn(run, EnumSet.of(TaskState.IN_DOUBT))).as("nothing settled").hasSize(3);
    }

    private static TaskRequest request() {
        return new TaskRequest("settle me", List.of("https://example.com/in.png"), "1:1", "1K", "png", 1, null);
    }
}
