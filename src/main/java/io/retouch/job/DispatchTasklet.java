package io.retouch.job;

import io.retouch.fleet.FleetConsole;
import io.retouch.fleet.PartitionLock;
import io.retouch.fleet.Partitions;
import io.retouch.flow.Dispatcher;
import io.retouch.flow.StopSignal;
import io.retouch.flow.Vendors;
import io.retouch.infra.AdvisoryLock;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import io.retouch.task.Slice;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * The dispatch of a run, or of one partition of it on a fleet's worker: opens the vendor lanes and
 * drives the slice's tasks until none can move. A partition is worked only under its
 * {@link PartitionLock}, so two workers never work one slice; a worker that leaves (SIGTERM) while
 * the run goes on ends its partition STOPPED, and the manager sends it to another worker.
 */
@Component
class DispatchTasklet implements Tasklet {

    /** Well inside the manager's three one-second looks before it sends a partition again. */
    private static final Duration LOCK_CHECK = Duration.ofMillis(500);

    private final RunSpecs specs;
    private final RunStore runs;
    private final Vendors vendors;
    private final Dispatcher dispatcher;
    private final RunStops stops;
    private final DataSource dataSource;
    private final FleetConsole console;

    DispatchTasklet(RunSpecs specs, RunStore runs, Vendors vendors, Dispatcher dispatcher, RunStops stops,
                    DataSource dataSource, FleetConsole console) {
        this.specs = specs;
        this.runs = runs;
        this.vendors = vendors;
        this.dispatcher = dispatcher;
        this.stops = stops;
        this.dataSource = dataSource;
        this.console = console;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        long runId = step.getJobParameters().getLong(RetouchJobConfiguration.RUN_ID);
        Slice slice = Partitions.slice(runId, step.getExecutionContext());
        runs.status(runId, RunStatus.DISPATCHING);
        try (RunStops.Watch watch = stops.watch(runId)) {
            if (slice.isWhole()) {
                dispatch(slice, watch.signal);
                return RepeatStatus.FINISHED;
            }
            try (AdvisoryLock lock = lock(slice, watch.signal)) {
                if (lock != null) {
                    console.say("Working " + slice);
                    CountDownLatch ended = new CountDownLatch(1);
                    Thread guard = guard(lock, watch.signal, ended);
                    try {
                        dispatch(slice, watch.signal);
                    } finally {
                        // ended, never interrupted: an interrupt closes the socket under a virtual thread, here the lock's
                        ended.countDown();
                        guard.join();
                    }
                }
            }
            if (watch.signal.requested() && runs.stopRequest(runId) == null) {
                // this worker is leaving, not the run stopping: the partition goes back to the fleet
                console.say("Handing back " + slice + " (" + watch.signal.reason() + ")");
                step.setTerminateOnly();
            } else {
                console.say("Done with " + slice);
            }
        }
        return RepeatStatus.FINISHED;
    }

    private void dispatch(Slice slice, StopSignal signal) throws Exception {
        try (Vendors.Opened opened = vendors.open(slice, specs.of(slice.runId()), signal)) {
            dispatcher.dispatch(opened.context());
        }
    }

    /**
     * A lock lost with its connection (a database restart, a network cut) lets the manager send the
     * partition to another worker within seconds: this one stops sending at once, as on SIGTERM.
     */
    private static Thread guard(AdvisoryLock lock, StopSignal signal, CountDownLatch ended) {
        return Thread.ofVirtual().name("partition-lock-guard").start(() -> {
            try {
                while (!ended.await(LOCK_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (!lock.isAlive()) {
                        signal.request("its partition lock was lost with its database connection", false);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The partition's lock: free unless an earlier worker of it still works (a manager restarted
     * while its workers went on), which this one waits out. Null when asked to stop meanwhile.
     */
    private AdvisoryLock lock(Slice slice, StopSignal signal) throws SQLException {
        boolean said = false;
        while (true) {
            AdvisoryLock lock = PartitionLock.tryAcquire(dataSource, slice);
            if (lock != null) return lock;
            if (!said) console.say("Waiting for the worker still on " + slice + " to finish it");
            said = true;
            try {
                signal.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return null;
            }
        }
    }
}
