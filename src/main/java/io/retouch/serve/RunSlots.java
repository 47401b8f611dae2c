package io.retouch.serve;

import io.retouch.job.RunBusyException;
import io.retouch.job.RunCompleteException;
import io.retouch.job.RunStops;
import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import io.retouch.spec.SpecException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;

/**
 * The runs this serve works at once, each on a thread of its own, at most {@code --max-runs}. A run
 * serve stops because serve itself is stopping is handed back (left DISPATCHING, as after a crash)
 * so that another serve, or the next start, continues it; a run stopped by `retouch stop`, or that
 * ended with work for a person, is left STOPPED, for the operator.
 */
final class RunSlots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunSlots.class);

    /** A slot taken before the run is created, so a firing never creates a run it cannot start. */
    final class Slot {
        private boolean used;

        void release() {
            if (!used) free.release();
            used = true;
        }
    }

    private final int size;
    private final Semaphore free;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("run-", 1).factory());
    private final RunStore runs;
    private final RunReports reports;
    private final RunStops stops;
    private final Console console;
    private volatile String closing;

    RunSlots(int size, RunStore runs, RunReports reports, RunStops stops, Console console) {
        this.size = size;
        this.free = new Semaphore(size);
        this.runs = runs;
        this.reports = reports;
        this.stops = stops;
        this.console = console;
    }

    int size() {
        return size;
    }

    /** A free slot, or null when every one works a run. */
    Slot reserve() {
        return free.tryAcquire() ? new Slot() : null;
    }

    /** Works the run on the slot's thread: {@code body} starts or restarts it and returns when it ends. */
    void work(Slot slot, long runId, String job, Callable<BatchStatus> body) {
        threads.execute(() -> {
            try {
                ended(runId, job, body.call());
            } catch (RunBusyException e) {
                console.say("Run %d (%s): another process works it now; left to it".formatted(runId, job));
            } catch (RunCompleteException e) {
                console.say("Run %d (%s): already complete".formatted(runId, job));
            } catch (SpecException e) {
                runs.status(runId, RunStatus.STOPPED); // not restarted again and again: the operator decides
                console.say("Run %d (%s) STOPPED: %s".formatted(runId, job, e.getMessage().replace('\n', ' ')));
            } catch (Exception e) {
                log.error("Run {} ({}) failed", runId, job, e);
                runs.status(runId, RunStatus.STOPPED);
                console.say("Run %d (%s) STOPPED: %s; see RETOUCH_HOME/logs/retouch.log, then `retouch restart %d`"
                        .formatted(runId, job, e, runId));
            } finally {
                slot.release();
            }
        });
    }

    private void ended(long runId, String job, BatchStatus batch) {
        String because = stops.stoppedBecause(runId);
        RunStatus status = runs.get(runId).status();
        if (closing != null && closing.equals(because) && status != RunStatus.COMPLETED) {
            runs.status(runId, RunStatus.DISPATCHING); // as after a crash: the next sweep of any serve restarts it
            console.say("Run %d (%s) handed back: %s; another serve, or the next start, continues it".formatted(runId, job, because));
            return;
        }
        if (batch != BatchStatus.COMPLETED) runs.status(runId, status = RunStatus.STOPPED);
        RunReport r = reports.of(runId);
        console.say("Run %d (%s) %s: %d of %d tasks succeeded, %d failed%s%s%s".formatted(runId, job, status,
                r.count("SUCCEEDED"), r.total(), r.count("FAILED"), r.count("IN_DOUBT") > 0 ? ", " + r.count("IN_DOUBT") + " in doubt" : "",
                r.rejectedCount() > 0 ? ", " + r.rejectedCount() + " manifest rows rejected (`retouch status " + runId + "`)" : "",
                status == RunStatus.COMPLETED ? "" : because != null ? " (stopped by " + because + ")"
                        : "; see `retouch status " + runId + "`"));
    }

    /** Asks every run to stop, as `retouch stop` would, and waits for them within {@code bound}; false when some still work. */
    boolean stopAll(String why, Duration bound) throws InterruptedException {
        closing = why;
        stops.stopAll(why);
        threads.shutdown();
        return threads.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    int working() {
        return size - free.availablePermits();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
