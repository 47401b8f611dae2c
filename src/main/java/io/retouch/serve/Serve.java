package io.retouch.serve;

import io.retouch.job.RunLauncher;
import io.retouch.job.RunStops;
import io.retouch.run.RunReports;
import io.retouch.run.RunStore;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * `retouch serve` once its context is up: fires every schedule of the folder, sweeps for dead runs,
 * refreshes the gauges; {@link #stop} ends it without leaving a run that no one will continue.
 */
public final class Serve {

    private static final Logger log = LoggerFactory.getLogger(Serve.class);
    private static final Duration GAUGES_EVERY = Duration.ofSeconds(5);

    /** What the operator chose on the command line. */
    public record Options(Duration recoverEvery, Duration recoverGrace, int maxRuns, Duration stopWait) {}

    private final ThreadPoolTaskScheduler scheduler;
    private final RunSlots slots;
    private final JobFirer firer;
    private final Recovery recovery;
    private final StateGauges gauges;
    private final Options options;
    private volatile boolean stopping;

    public Serve(ApplicationContext app, Options options, Console console) {
        this.options = options;
        this.scheduler = app.getBean("serveScheduler", ThreadPoolTaskScheduler.class);
        // at stop, a firing under way finishes; one due later is dropped rather than waited for
        scheduler.getScheduledThreadPoolExecutor().setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        RunLauncher launcher = app.getBean(RunLauncher.class);
        LockingTaskExecutor locks = app.getBean(LockingTaskExecutor.class);
        this.slots = new RunSlots(options.maxRuns(), app.getBean(RunStore.class), app.getBean(RunReports.class),
                app.getBean(RunStops.class), console);
        this.firer = new JobFirer(locks, app.getBean(Firings.class), launcher, app.getBean(RunStore.class), slots, console, self());
        this.recovery = new Recovery(locks, app.getBean(DeadRuns.class), launcher, slots, console, options.recoverGrace());
        this.gauges = app.getBean(StateGauges.class);
    }

    /** pid@host: who fired what, in the firing table and ShedLock's. */
    static String self() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return ProcessHandle.current().pid() + "@" + host;
    }

    public void start(JobFolder jobs) {
        gauges.refresh();
        scheduler.scheduleWithFixedDelay(guarded("refreshing the gauges", gauges::refresh), Instant.now().plus(GAUGES_EVERY), GAUGES_EVERY);
        scheduler.scheduleWithFixedDelay(guarded("sweeping for dead runs", recovery::sweep), Instant.now(), options.recoverEvery());
        jobs.scheduled().forEach(job -> fireNext(job, Instant.now()));
    }

    /** The job's next instant after {@code after}; an instant missed while this process was held up is left out. */
    private void fireNext(ScheduledJob job, Instant after) {
        Instant at = job.next(after);
        if (stopping || at == null) return;
        scheduler.schedule(() -> {
            try {
                if (!stopping) firer.fire(job, at);
            } catch (RuntimeException e) {
                log.error("Firing {} at {} failed", job.name(), at, e);
            } finally {
                fireNext(job, Instant.now().isAfter(at) ? Instant.now() : at);
            }
        }, at);
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Failed {}", what, e); // and tried again at the next turn
            }
        };
    }

    /** No new firing or sweep; every run asked to stop; true when they all ended within the bound. */
    public boolean stop(String why) throws InterruptedException {
        stopping = true;
        scheduler.shutdown(); // waits for a firing under way to record its decision
        return slots.stopAll(why, options.stopWait());
    }

    public int working() {
        return slots.working();
    }
}
