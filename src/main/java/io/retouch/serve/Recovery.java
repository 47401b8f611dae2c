package io.retouch.serve;

import io.retouch.job.RunLauncher;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/**
 * Restarts runs whose process died (DESIGN §3.2): one serve at a time sweeps, under a ShedLock
 * lock, and restarts each dead run in this process with the run's own in-doubt policy, so nothing
 * submitted is paid for twice. A run's advisory lock tells dead from alive; the grace keeps a run
 * just created elsewhere, not locked yet, from being taken.
 */
final class Recovery {

    private static final Duration SWEEPING_AT_MOST = Duration.ofMinutes(2);

    private final LockingTaskExecutor locks;
    private final DeadRuns dead;
    private final RunLauncher launcher;
    private final RunSlots slots;
    private final Console console;
    private final Duration grace;

    Recovery(LockingTaskExecutor locks, DeadRuns dead, RunLauncher launcher, RunSlots slots, Console console, Duration grace) {
        this.locks = locks;
        this.dead = dead;
        this.launcher = launcher;
        this.slots = slots;
        this.console = console;
        this.grace = grace;
    }

    void sweep() {
        locks.executeWithLock((Runnable) this::restartDead, new LockConfiguration(Instant.now(), "recover-dead-runs", SWEEPING_AT_MOST, Duration.ZERO));
    }

    private void restartDead() {
        for (DeadRuns.DeadRun run : dead.untouchedFor(grace)) {
            if (worked(run.id())) continue;
            RunSlots.Slot slot = slots.reserve();
            if (slot == null) return; // the next sweep, or another serve, takes the rest
            if (!dead.claim(run.id(), grace)) {
                slot.release();
                continue;
            }
            console.say("Recovering run %d (%s): its process died while %s; restarting it here"
                    .formatted(run.id(), run.job(), run.status()));
            slots.work(slot, run.id(), run.job(), () -> launcher.restart(run.id(), null));
        }
    }

    private boolean worked(long runId) {
        try {
            return launcher.isWorked(runId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read whether run " + runId + " is worked", e);
        }
    }
}
