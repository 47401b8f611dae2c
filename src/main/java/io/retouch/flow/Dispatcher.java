package io.retouch.flow;

import io.retouch.audit.AuditLog;
import io.retouch.spec.JobSpec;
import io.retouch.task.AttemptStore;
import io.retouch.task.Claim;
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

    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final TaskPipeline pipeline;
    private final Reconciler reconciler;
    private final AuditLog audit;

    Dispatcher(TaskStore tasks, AttemptStore attempts, TaskPipeline pipeline, Reconciler reconciler, AuditLog audit) {
        this.tasks = tasks;
        this.attempts = attempts;
        this.pipeline = pipeline;
        this.reconciler = reconciler;
        this.audit = audit;
    }

    /** Returns when no task can make progress any more: all final, or held (in doubt, vendor stopped). */
    public void dispatch(RunContext run) throws InterruptedException {
        settleInterruptedSubmissions(run);
        Set<Long> busy = ConcurrentHashMap.newKeySet();
        // tasks whose pipeline broke on an unexpected error: left where they are for the next restart
        Set<Long> parked = ConcurrentHashMap.newKeySet();
        Object changed = new Object();
        Instant graceEnds = null;
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            while (true) {
                if (run.stop().requested()) {
                    if (busy.isEmpty()) break;
                    if (graceEnds == null) {
                        graceEnds = Instant.now().plus(STOP_GRACE);
                        log.info("Stopping run {} ({}): nothing new is sent; {} calls in hand finish first", run.runId(),
                                run.stop().reason(), busy.size());
                    } else if (Instant.now().isAfter(graceEnds)) {
                        // left behind, never cut: a submission unanswered by now is in doubt at the restart, as after a crash
                        log.warn("Run {} stopped with {} vendor calls still unanswered after {} s; a restart settles them",
                                run.runId(), busy.size(), STOP_GRACE.toSeconds());
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
                for (Task task : tasks.claimable(run.runId(), COLLECTING, union(busy, parked), BATCH)) {
                    start(run, task, false, busy, parked, changed, workers);
                    started++;
                }
                for (VendorLane lane : run.allLanes()) {
                    List<Task> ready = tasks.claimable(run.runId(), claim(lane), union(busy, parked), lane.freeSlots());
                    for (Task task : ready) {
                        if (!lane.tryAcquireSlot(task)) break;
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
        }
        if (run.stop().cancel()) cancelLeftovers(run);
    }

    /**
     * `retouch stop --cancel`: what was never sent is cancelled; each vendor is asked to cancel what
     * it holds, which stays followed (it may still finish, and then it is paid and collected on restart).
     */
    private void cancelLeftovers(RunContext run) {
        for (Task task : tasks.allIn(run.runId(), EnumSet.of(TaskState.PENDING, TaskState.RETRY_WAIT))) {
            try {
                tasks.move(task, Transition.to(TaskState.CANCELLED).withError("CANCELLED", "cancelled by the operator before it was sent"));
            } catch (StaleTaskException e) {
                // a submission left on the wire by the grace moved it meanwhile: it is that call's now
            }
        }
        for (Task task : tasks.allIn(run.runId(), EnumSet.of(TaskState.SUBMITTED, TaskState.RUNNING))) {
            VendorLane lane = run.lane(task);
            audit.vendorCall(run.runId(), task.id(), null, lane.adapter().name(), lane.adapter().cancel(task.vendorRequestId()));
        }
    }

    private void start(RunContext run, Task task, boolean slot, Set<Long> busy, Set<Long> parked, Object changed,
                       ExecutorService workers) {
        busy.add(task.id());
        workers.submit(() -> {
            try {
                if (!pipeline.run(run, task, slot)) parked.add(task.id());
            } finally {
                busy.remove(task.id());
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        });
    }

    /** Collecting needs no vendor slot. */
    private static final Claim COLLECTING = new Claim(null, EnumSet.of(TaskState.COLLECTING), Integer.MAX_VALUE);

    /**
     * The tasks of this vendor that take one of its slots: being followed at the vendor, and — while
     * the vendor takes new work — waiting to be submitted; in-doubt ones only under a resubmit
     * policy, and only below {@code max-attempts} submissions.
     */
    private static Claim claim(VendorLane lane) {
        Set<TaskState> states = EnumSet.of(TaskState.SUBMITTED, TaskState.RUNNING);
        if (lane.stopped() == null) {
            states.add(TaskState.PENDING);
            states.add(TaskState.RETRY_WAIT);
            if (lane.limits().inDoubt() == JobSpec.InDoubtPolicy.RESUBMIT) states.add(TaskState.IN_DOUBT);
        }
        return new Claim(lane.name(), states, lane.limits().maxAttempts());
    }

    /** Whether a task not parked can still move: now, or once its retry time comes. */
    private boolean workLeft(RunContext run, Set<Long> parked) {
        if (tasks.anyLeft(run.runId(), COLLECTING, parked)) return true;
        for (VendorLane lane : run.allLanes()) if (tasks.anyLeft(run.runId(), claim(lane), parked)) return true;
        return false;
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A task left in SUBMITTING died between recording its intent and recording the vendor's
     * answer: the vendor may or may not hold it. Such a task is in doubt; held ones are looked up by
     * reference now (under a resubmit policy the pipeline does that before submitting again).
     */
    private void settleInterruptedSubmissions(RunContext run) throws InterruptedException {
        for (Task task : tasks.allIn(run.runId(), EnumSet.of(TaskState.SUBMITTING))) {
            var intent = attempts.openIntent(task.id());
            String reason = "the process stopped while submitting; the vendor may or may not have the task";
            log.warn("Task {} ({}) is in doubt: {}", task.id(), task.itemKey(), reason);
            attempts.inDoubt(task, intent.orElse(null), reason, null);
        }
        for (Task task : tasks.allIn(run.runId(), EnumSet.of(TaskState.IN_DOUBT))) {
            if (run.lane(task).limits().inDoubt() == JobSpec.InDoubtPolicy.HOLD) reconciler.settle(run, task);
        }
    }
}
