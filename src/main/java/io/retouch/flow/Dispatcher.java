package io.retouch.flow;

import io.retouch.audit.AuditLog;
import io.retouch.task.StaleTaskException;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.task.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every task of a run to a final state as a pipeline: each task lives in its own virtual
 * thread from submit to stored output, and a new task starts the moment its vendor's slot frees up,
 * so every vendor's in-flight slots stay full while work remains, and one slow vendor never holds
 * up another. The task table is the only source of truth: a restarted dispatcher picks up every
 * task where the last one left it.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 200;
    /** How long a stop waits for submissions on the wire to record their answer. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** How long `retouch stop --cancel` spends, at most, asking the vendors to cancel what they hold. */
    static final Duration CANCEL_WITHIN = Duration.ofSeconds(20);

    private final TaskStore tasks;
    private final TaskPipeline pipeline;
    private final Recovery recovery;
    private final AuditLog audit;

    Dispatcher(TaskStore tasks, TaskPipeline pipeline, Recovery recovery, AuditLog audit) {
        this.tasks = tasks;
        this.pipeline = pipeline;
        this.recovery = recovery;
        this.audit = audit;
    }

    /** Returns when no task can make progress any more: all final, or held (in doubt, vendor stopped). */
    public void dispatch(RunContext run) throws InterruptedException {
        pipeline.prepare(run);
        recovery.afterInterruption(run);
        Set<Long> busy = ConcurrentHashMap.newKeySet();
        // tasks whose pipeline broke on an unexpected error: left where they are for the next restart
        Set<Long> parked = ConcurrentHashMap.newKeySet();
        Object changed = new Object();
        Instant graceEnds = null;
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        // a slot given back starts the next task at once, not when the task that held it is stored
        for (VendorLane lane : run.allLanes()) lane.onSlotFreed(() -> wake(changed));
        try {
            while (true) {
                if (run.stop().requested()) {
                    if (busy.isEmpty()) break;
                    if (graceEnds == null) {
                        graceEnds = Instant.now().plus(STOP_GRACE);
                        log.info("Stopping {} ({}): nothing new is sent; {} calls in hand finish first", run.slice(),
                                run.stop().reason(), busy.size());
                    } else if (Instant.now().isAfter(graceEnds)) {
                        // left behind, never cut: a submission unanswered by now is in doubt at the restart, as after a crash
                        log.warn("{} stopped with {} vendor calls still unanswered after {} s; a restart settles them",
                                run.slice(), busy.size(), STOP_GRACE.toSeconds());
                        workers.shutdown();
                        if (run.stop().cancel()) cancelLeftovers(run);
                        return;
                    }
                    synchronized (changed) {
                        changed.wait(100);
                    }
                    continue;
                }
                int started = 0;
                for (Task task : tasks.claimable(run.slice(), Recovery.COLLECTING, union(busy, parked), BATCH)) {
                    start(run, task, false, busy, parked, changed, workers);
                    started++;
                }
                for (VendorLane lane : run.allLanes()) {
                    List<Task> ready = tasks.claimable(run.slice(), Recovery.claim(lane), union(busy, parked), lane.freeSlots());
                    for (Task task : lane.tryAcquireSlots(ready)) {
                        start(run, task, true, busy, parked, changed, workers);
                        started++;
                    }
                }
                if (started == 0) {
                    if (busy.isEmpty() && !workLeft(run, parked)) break;
                    synchronized (changed) {
                        changed.wait(100);
                    }
                }
            }
        } finally {
            if (!workers.isShutdown()) workers.close();
            flushAudit();
        }
        if (run.stop().cancel()) {
            cancelLeftovers(run);
            flushAudit();
        }
    }

    /**
     * `retouch stop --cancel`: what was never sent is cancelled; each vendor is asked to cancel what
     * it holds, which stays followed (it may still finish, and then it is paid and collected on restart).
     * Each cancel that calls the vendor waits for the account's turn, as every call does, for at most
     * {@link #CANCEL_WITHIN} in all: a vendor's long pause does not hold the stopping process.
     */
    private void cancelLeftovers(RunContext run) {
        for (Task task : tasks.allIn(run.slice(), EnumSet.of(TaskState.PENDING, TaskState.RETRY_WAIT))) {
            try {
                tasks.move(task, Transition.to(TaskState.CANCELLED).withError("CANCELLED", "cancelled by the operator before it was sent"));
            } catch (StaleTaskException e) {
                // a submission left on the wire by the grace moved it meanwhile: it is that call's now
            }
        }
        Instant until = Instant.now().plus(CANCEL_WITHIN);
        List<Task> held = tasks.allIn(run.slice(), EnumSet.of(TaskState.SUBMITTED, TaskState.RUNNING));
        int asked = 0;
        for (Task task : held) {
            VendorLane lane = run.lane(task);
            try {
                audit.vendorCall(run.runId(), task.id(), null, lane.adapter().name(), lane.cancelBefore(task.vendorRequestId(), until));
                asked++;
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("{}: the cancel of task {} was not sent: {}", run.slice(), task.id(), e.toString());
            }
        }
        if (asked < held.size())
            log.warn("{}: {} of the {} tasks the vendors hold were not asked to cancel within {} s (the vendors' pace); "
                    + "they stay followed", run.slice(), held.size() - asked, held.size(), CANCEL_WITHIN.toSeconds());
    }

    private void start(RunContext run, Task task, boolean slot, Set<Long> busy, Set<Long> parked, Object changed,
                       ExecutorService workers) {
        busy.add(task.id());
        workers.submit(() -> {
            try {
                if (!pipeline.run(run, task, slot)) parked.add(task.id());
            } finally {
                busy.remove(task.id());
                wake(changed);
            }
        });
    }

    /** The dispatch's audit records are in the database when it returns (the report counts them). */
    private void flushAudit() {
        try {
            audit.flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the dispatch's last audit records: {}", e.toString());
        }
    }

    private static void wake(Object changed) {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Whether a task not parked can still move: now, or once its retry time comes. */
    private boolean workLeft(RunContext run, Set<Long> parked) {
        if (tasks.anyLeft(run.slice(), Recovery.COLLECTING, parked)) return true;
        for (VendorLane lane : run.allLanes()) if (tasks.anyLeft(run.slice(), Recovery.claim(lane), parked)) return true;
        return false;
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
