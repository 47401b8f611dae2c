package io.retouch.job;

import io.retouch.infra.AdvisoryLock;
import io.retouch.run.RunStore;
import io.retouch.task.AttemptStore;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * `retouch settle`: the operator decides what a task in doubt (its submission may or may not have
 * reached the vendor) becomes: followed as the vendor task they found, submitted again knowingly,
 * or given up. Only while no process works the run (its lock), so the dispatcher never races it.
 */
@Component
public class Settlements {

    /** What the operator decided. */
    public sealed interface Decision {
        /** The vendor has it under this id: follow it; nothing is paid again. */
        record Follow(String vendorRequestId) implements Decision {}

        /** Submit it again, knowing the first may have been paid. */
        record Resubmit() implements Decision {}

        /** Give it up: FAILED, cause ABANDONED. */
        record Abandon() implements Decision {}
    }

    /** One settled task: what it was and what it is now. */
    public record Settled(Task before, Task after) {}

    private final RunStore runs;
    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final DataSource dataSource;

    public Settlements(RunStore runs, TaskStore tasks, AttemptStore attempts, DataSource dataSource) {
        this.runs = runs;
        this.tasks = tasks;
        this.attempts = attempts;
        this.dataSource = dataSource;
    }

    /** @param taskId one task, or null for every task in doubt of the run */
    public List<Settled> settle(long runId, Long taskId, Decision decision) throws SQLException {
        runs.get(runId);
        if (taskId == null && decision instanceof Decision.Follow)
            throw new IllegalArgumentException("--vendor-id names the vendor task of one task: give --task ID, not --all");
        AdvisoryLock lock = RunLock.tryAcquire(dataSource, runId);
        if (lock == null) throw new RunBusyException(runId);
        try (lock) {
            List<Task> chosen = taskId == null ? tasks.allIn(runId, EnumSet.of(TaskState.IN_DOUBT)) : List.of(one(runId, taskId));
            List<Settled> settled = new ArrayList<>();
            for (Task task : chosen) settled.add(new Settled(task, apply(task, decision)));
            return settled;
        }
    }

    private Task one(long runId, long taskId) {
        Task task = tasks.find(taskId).filter(t -> t.runId() == runId)
                .orElseThrow(() -> new IllegalArgumentException("run " + runId + " has no task " + taskId
                        + " (see `retouch tasks " + runId + " --state IN_DOUBT`)"));
        if (task.state() != TaskState.IN_DOUBT)
            throw new IllegalArgumentException("task " + taskId + " is " + task.state() + ", not IN_DOUBT: there is nothing to settle");
        return task;
    }

    private Task apply(Task task, Decision decision) {
        return switch (decision) {
            case Decision.Follow f -> {
                if (f.vendorRequestId().isBlank()) throw new IllegalArgumentException("--vendor-id must not be empty");
                UUID attempt = attempts.inDoubtAttempt(task.id()).orElseThrow(() -> new IllegalStateException(
                        "task " + task.id() + " is in doubt without an in-doubt attempt on record"));
                yield attempts.found(task, attempt, f.vendorRequestId().strip());
            }
            case Decision.Resubmit r -> attempts.resubmitKnowingly(task);
            case Decision.Abandon a -> attempts.abandon(task);
        };
    }
}
