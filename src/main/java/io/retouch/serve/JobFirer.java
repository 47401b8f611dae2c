package io.retouch.serve;

import io.retouch.job.RunLauncher;
import io.retouch.run.Run;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires one scheduled instant of a job, once across every serve on the database: under the job's
 * ShedLock lock, the first serve to claim the instant's firing row decides (start a run, or skip
 * it while the job's previous run still goes); a serve whose clock is late finds the row and does
 * nothing. Decision 27.
 */
final class JobFirer {

    private static final Logger log = LoggerFactory.getLogger(JobFirer.class);
    /** Long enough to record a run (the manifest's header, credentials, inputs); a dead serve holds it no longer. */
    private static final Duration DECIDING_AT_MOST = Duration.ofMinutes(2);
    /** Enough of a job's latest runs to find one still going. */
    private static final int RECENT = 20;

    private final LockingTaskExecutor locks;
    private final Firings firings;
    private final RunLauncher launcher;
    private final RunStore runs;
    private final RunSlots slots;
    private final Console console;
    private final String self;

    JobFirer(LockingTaskExecutor locks, Firings firings, RunLauncher launcher, RunStore runs, RunSlots slots,
             Console console, String self) {
        this.locks = locks;
        this.firings = firings;
        this.launcher = launcher;
        this.runs = runs;
        this.slots = slots;
        this.console = console;
        this.self = self;
    }

    void fire(ScheduledJob job, Instant at) {
        locks.executeWithLock((Runnable) () -> decide(job, at),
                new LockConfiguration(Instant.now(), "fire:" + job.name(), DECIDING_AT_MOST, Duration.ZERO));
    }

    private void decide(ScheduledJob job, Instant at) {
        if (!firings.claim(job.name(), at, self)) {
            log.debug("{} at {} was fired by another serve", job.name(), at);
            return;
        }
        String going = stillGoing(job.name());
        if (going != null) {
            skip(job, at, going);
            return;
        }
        RunSlots.Slot slot = slots.reserve();
        if (slot == null) {
            skip(job, at, "all " + slots.size() + " run slots of this serve are busy (--max-runs)");
            return;
        }
        long runId;
        try {
            runId = launcher.create(job.spec());
        } catch (RuntimeException e) {
            slot.release();
            skip(job, at, e.getMessage().replace('\n', ' '));
            return;
        }
        firings.started(job.name(), at, runId);
        console.say("Fired %s (%s): run %d started".formatted(job.name(), at, runId));
        slots.work(slot, runId, job.name(), () -> launcher.start(runId));
    }

    private void skip(ScheduledJob job, Instant at, String reason) {
        firings.skipped(job.name(), at, reason);
        console.say("Skipped %s (%s): %s".formatted(job.name(), at, reason));
    }

    /**
     * Why the job's previous run keeps this instant from starting another, if it does: a live process
     * works it, or its process died mid-way (or a stopping serve handed it back) and a sweep will
     * restart it; a new run beside it would read, and pay for, the same rows.
     */
    private String stillGoing(String job) {
        for (Run run : runs.unfinishedOf(job, RECENT)) {
            try {
                if (launcher.isWorked(run.id())) return "run " + run.id() + " of this job is still going";
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not read whether run " + run.id() + " is worked", e);
            }
            if (MID_WAY.contains(run.status()))
                return "run " + run.id() + " of this job did not finish (its process stopped mid-way); serve restarts it";
        }
        return null;
    }

    private static final Set<RunStatus> MID_WAY = EnumSet.of(RunStatus.INGESTING, RunStatus.DISPATCHING, RunStatus.REPORTING);
}
