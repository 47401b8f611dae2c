package io.retouch.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.run.RunStore;
import io.retouch.testing.RetouchTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@RetouchTest
class TaskStoreIntegrationTests {

    @Autowired TaskStore tasks;
    @Autowired AttemptStore attempts;
    @Autowired RunStore runs;
    @Autowired JdbcClient jdbc;

    long runId;

    @BeforeEach
    void newRun() {
        runId = runs.create("task-store-test", "spec.yaml", "{}");
    }

    private static TaskRequest request(String prompt) {
        return new TaskRequest(prompt, List.of("https://example.com/a.png"), "1:1", "1K", "png", 1, null);
    }

    private Task insert(String key, long line) {
        assertThat(tasks.insertAll(List.of(new NewTask(runId, key, line, "fal", request("p " + key))))).isEmpty();
        return tasks.inStates(runId, Set.of(TaskState.PENDING), Set.of(), 1000).stream()
                .filter(t -> t.itemKey().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void insertsTasksAndReadsTheRequestBack() {
        Task task = insert("a", 2);
        assertThat(task.state()).isEqualTo(TaskState.PENDING);
        assertThat(task.version()).isZero();
        assertThat(task.request()).isEqualTo(request("p a"));
        assertThat(task.lineNo()).isEqualTo(2);
    }

    /** Tasks go in by COPY (decision 36): what its text format means by a backslash, tab or line break is escaped. */
    @Test
    void aRequestWithBackslashesTabsAndLineBreaksIsReadBackAsItWas() {
        TaskRequest request = new TaskRequest("a \\N b\tc\nd\r\ne \\\\ \"q\" é ✓", List.of("https://example.com/a b.png"),
                "1:1", "1K", "png", 1, 42L);
        NewTask row = new NewTask(runId, "odd/key_1.x-y", 3, "fal", request, 1, "ab\\cd");
        assertThat(tasks.insertAll(List.of(row))).isEmpty();

        Task task = tasks.inStates(runId, Set.of(TaskState.PENDING), Set.of(), 10).getFirst();
        assertThat(task.request()).isEqualTo(request);
        assertThat(task.itemKey()).isEqualTo("odd/key_1.x-y");
        assertThat(jdbc.sql("SELECT fingerprint FROM task WHERE id = ?").param(task.id()).query(String.class).single())
                .isEqualTo("ab\\cd");
    }

    @Test
    void aSecondRowWithTheSameItemKeyIsADuplicateButTheSameRowAgainIsNot() {
        insert("dup", 2);
        NewTask sameRowAgain = new NewTask(runId, "dup", 2, "fal", request("p dup"));
        NewTask otherRow = new NewTask(runId, "dup", 7, "fal", request("other"));
        assertThat(tasks.insertAll(List.of(sameRowAgain, otherRow))).containsExactly(otherRow);
        assertThat(tasks.lineOf(runId, "dup")).isEqualTo(2);
    }

    @Test
    void aSplitRowBecomesOneTaskPerPartAndADuplicateOfItAddsNoPart() {
        NewTask split = new NewTask(runId, "three", 4, "mulerun", request("p three"), 3);
        assertThat(tasks.insertAll(List.of(split))).isEmpty();
        assertThat(tasks.insertAll(List.of(split))).as("the same row after a rolled-back chunk").isEmpty();
        NewTask duplicate = new NewTask(runId, "three", 9, "mulerun", request("other"), 4);
        assertThat(tasks.insertAll(List.of(duplicate))).containsExactly(duplicate);

        List<Task> parts = tasks.inStates(runId, Set.of(TaskState.PENDING), Set.of(), 1000).stream()
                .filter(t -> t.itemKey().equals("three")).toList();
        assertThat(parts).extracting(Task::firstOutputIndex).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(parts).allSatisfy(t -> assertThat(t.lineNo()).isEqualTo(4));
        assertThat(tasks.rowsByVendor(runId)).containsEntry("mulerun", 1L);
    }

    /** The lineage columns lost their foreign keys for ingest's sake (V13); a trigger still checks them when set. */
    @Test
    void aRerunOrAReuseMustPointAtATaskThatExists() {
        Task task = insert("lineage", 2);
        long rerun = tasks.insertRerun(runId, "lineage-again", 0, 3, "fal", request("p"), task.id());
        assertThat(tasks.get(rerun).itemKey()).isEqualTo("lineage-again");

        assertThatThrownBy(() -> tasks.insertRerun(runId, "nowhere", 0, 4, "fal", request("p"), Long.MAX_VALUE))
                .hasMessageContaining("reruns task " + Long.MAX_VALUE + ", which does not exist");
        assertThatThrownBy(() -> tasks.reused(runId, "lineage", 0, Long.MAX_VALUE))
                .hasMessageContaining("reuses task " + Long.MAX_VALUE + ", which does not exist");
        assertThat(tasks.reused(runId, "lineage", 0, rerun)).isEqualTo(task.id());
    }

    @Test
    void movesFollowTheTransitionTableAndBumpTheVersion() {
        Task task = insert("m", 2);
        Task submitting = tasks.move(task, Transition.to(TaskState.SUBMITTING));
        assertThat(submitting.version()).isEqualTo(1);
        assertThat(submitting.attempts()).isEqualTo(1);
        assertThatThrownBy(() -> tasks.move(submitting, Transition.to(TaskState.SUCCEEDED)))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aStaleSnapshotCannotMoveTheTask() {
        Task task = insert("s", 2);
        tasks.move(task, Transition.to(TaskState.SUBMITTING));
        assertThatThrownBy(() -> tasks.move(task, Transition.to(TaskState.SUBMITTING)))
                .isInstanceOf(StaleTaskException.class);
    }

    @Test
    void theAttemptIsDurableBeforeTheVendorIsCalledAndTheVendorIdWithTheMoveToSubmitted() {
        Task task = insert("paid", 2);
        AttemptStore.Begun begun = attempts.begin(task, io.retouch.money.Charges.free(task));
        assertThat(attempts.openIntent(task.id())).contains(begun.attemptId());
        assertThat(tasks.get(task.id()).state()).isEqualTo(TaskState.SUBMITTING);

        Task submitted = attempts.accepted(begun, "vendor-123");
        assertThat(submitted.state()).isEqualTo(TaskState.SUBMITTED);
        assertThat(submitted.vendorRequestId()).isEqualTo("vendor-123");
        assertThat(submitted.submittedAt()).isNotNull();
        assertThat(attempts.openIntent(task.id())).isEmpty();
        assertThat(attempts.paidAttempts(task.id())).isEqualTo(1);
    }

    @Test
    void aRefusedAttemptWaitsForRetryAndIsNotCountedAsPaid() {
        Task task = insert("refused", 2);
        AttemptStore.Begun begun = attempts.begin(task, io.retouch.money.Charges.free(task));
        Task waiting = attempts.refused(begun, "RETRYABLE", "503", "503", java.time.Instant.now().plusSeconds(60));
        assertThat(waiting.state()).isEqualTo(TaskState.RETRY_WAIT);
        assertThat(attempts.paidAttempts(task.id())).isZero();
        // not due yet: the dispatcher does not see it
        assertThat(tasks.inStates(runId, Set.of(TaskState.RETRY_WAIT), Set.of(), 10)).isEmpty();
    }

    @Test
    void anUnansweredSubmissionLeavesTheTaskInDoubt() {
        Task task = insert("doubt", 2);
        AttemptStore.Begun begun = attempts.begin(task, io.retouch.money.Charges.free(task));
        Task doubtful = attempts.inDoubt(begun.task(), begun.attemptId(), "timeout", null);
        assertThat(doubtful.state()).isEqualTo(TaskState.IN_DOUBT);
        assertThat(jdbc.sql("SELECT state FROM attempt WHERE id = ?").param(begun.attemptId()).query(String.class).single())
                .isEqualTo("IN_DOUBT");
    }

    @Test
    void anAttemptsPriceIsSpentWhenAcceptedGivenBackWhenRefusedKeptInDoubtAndATaskPastTheBudgetIsNotBegun() {
        String account = "acct-" + java.util.UUID.randomUUID();
        java.math.BigDecimal price = new java.math.BigDecimal("0.15");
        java.util.function.Function<String, io.retouch.money.Charge> charge = budget ->
                new io.retouch.money.Charge(runId, "fal", account, price, new java.math.BigDecimal(budget), null, null);

        Task paid = insert("m-paid", 2);
        attempts.accepted(attempts.begin(paid, charge.apply("0.45")), "v-1");
        Task refused = insert("m-refused", 3);
        attempts.refused(attempts.begin(refused, charge.apply("0.45")), "RETRYABLE", "503", "503", null);
        Task doubtful = insert("m-doubt", 4);
        AttemptStore.Begun inDoubt = attempts.begin(doubtful, charge.apply("0.45"));
        attempts.inDoubt(inDoubt.task(), inDoubt.attemptId(), "timeout", null);

        assertThat(jdbc.sql("SELECT spent_usd || '/' || reserved_usd FROM run_money WHERE run_id = ?").param(runId)
                .query(String.class).single()).isEqualTo("0.1500/0.1500");
        assertThat(jdbc.sql("SELECT spent_usd || '/' || reserved_usd || '/' || submissions FROM account_day WHERE account = ?")
                .param(account).query(String.class).single()).isEqualTo("0.1500/0.1500/2");
        assertThat(jdbc.sql("SELECT spent_usd FROM attempt WHERE task_id = ?").param(paid.id())
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("0.15");

        Task over = insert("m-over", 5);
        AttemptStore.Begun held = attempts.begin(over, charge.apply("0.40")); // 0.15 spent + 0.15 reserved + 0.15 > 0.40
        assertThat(held.attemptId()).isNull();
        assertThat(held.held()).contains("the run's budget of $0.40 is reached: $0.30 spent or reserved");
        assertThat(tasks.get(over.id()).state()).isEqualTo(TaskState.RETRY_WAIT);
        assertThat(jdbc.sql("SELECT error_class FROM task WHERE id = ?").param(over.id()).query(String.class).single())
                .isEqualTo("BUDGET");
        assertThat(attempts.paidAttempts(over.id())).isZero();
    }

    // Review: a task in doubt (resubmit policy, lookup unknown) that the budget held became RETRY_WAIT, so a later
    // restart sent it again without a lookup, past the attempt cap and the operator's hold policy.
    @Test
    void aTaskInDoubtThatTheBudgetHoldsStaysInDoubt() {
        java.math.BigDecimal price = new java.math.BigDecimal("0.15");
        Task task = insert("doubt-held", 6);
        AttemptStore.Begun first = attempts.begin(task, new io.retouch.money.Charge(runId, "fal", "acct-" + java.util.UUID.randomUUID(),
                price, new java.math.BigDecimal("0.15"), null, null));
        Task doubtful = attempts.inDoubt(first.task(), first.attemptId(), "timeout", null);

        AttemptStore.Begun held = attempts.begin(doubtful, new io.retouch.money.Charge(runId, "fal", "acct-x", price,
                new java.math.BigDecimal("0.15"), null, null));

        assertThat(held.held()).isNotNull();
        assertThat(tasks.get(task.id()).state()).isEqualTo(TaskState.IN_DOUBT);
        assertThat(attempts.inDoubtAttempt(task.id())).contains(first.attemptId());
    }

    // Review: a partition sent again while its first worker still had a call on the wire: the second worker put the
    // task in doubt, the first one's answer then met a stale task and the vendor's id was lost (a resubmit could pay twice).
    @Test
    void anAnswerThatComesAfterTheTaskWasPutInDoubtIsKeptOnItsAttempt() {
        Task task = insert("late-answer", 7);
        AttemptStore.Begun begun = attempts.begin(task, io.retouch.money.Charges.free(task));
        // meanwhile another dispatcher of the slice finds it in SUBMITTING and puts it in doubt
        attempts.inDoubt(tasks.get(task.id()), begun.attemptId(), "the process stopped while submitting", null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> attempts.accepted(begun, "v-late"))
                .isInstanceOf(StaleTaskException.class);

        assertThat(attempts.latestAccepted(task.id())).contains(new AttemptStore.Accepted(begun.attemptId(), "v-late"));
        Task followed = attempts.found(tasks.get(task.id()), begun.attemptId(), "v-late");
        assertThat(followed.state()).isEqualTo(TaskState.SUBMITTED);
        assertThat(followed.vendorRequestId()).isEqualTo("v-late");
        assertThat(attempts.paidAttempts(task.id())).isEqualTo(1);
    }

    @Test
    void countsTasksByState() {
        insert("c1", 2);
        Task t = insert("c2", 3);
        tasks.move(t, Transition.to(TaskState.CANCELLED));
        assertThat(tasks.counts(runId)).containsEntry(TaskState.PENDING, 1L).containsEntry(TaskState.CANCELLED, 1L);
    }
}
