package io.retouch.flow;

import io.retouch.spec.JobSpec;
import io.retouch.task.AttemptStore;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.vendor.Lookup;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private final TaskStore tasks;
    private final AttemptStore attempts;
    private final TaskPipeline pipeline;

    public Dispatcher(TaskStore tasks, AttemptStore attempts, TaskPipeline pipeline) {
        this.tasks = tasks;
        this.attempts = attempts;
        this.pipeline = pipeline;
    }

    /** Returns when no task can make progress any more: all final, or held (in doubt, vendor stopped). */
    public void dispatch(RunContext run) throws InterruptedException {
        settleInterruptedSubmissions(run);
        Set<Long> busy = ConcurrentHashMap.newKeySet();
        // tasks whose pipeline broke on an unexpected error: left where they are for the next restart
        Set<Long> parked = ConcurrentHashMap.newKeySet();
        Object changed = new Object();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                int started = 0;
                for (Task task : tasks.inStates(run.runId(), EnumSet.of(TaskState.COLLECTING), union(busy, parked), BATCH)) {
                    start(run, task, false, busy, parked, changed, workers);
                    started++;
                }
                for (VendorLane lane : run.allLanes()) {
                    List<Task> ready = tasks.inStates(run.runId(), lane.name(), needSlot(lane), union(busy, parked),
                            lane.freeSlots());
                    for (Task task : ready) {
                        if (!lane.tryAcquireSlot()) break;
                        start(run, task, true, busy, parked, changed, workers);
                        started++;
                    }
                }
                if (started == 0) {
                    if (busy.isEmpty() && !workLeft(run, parked.size())) break;
                    synchronized (changed) {
                        changed.wait(100);
                    }
                }
            }
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

    /**
     * States in which a task of this vendor takes one of its slots: being followed at the vendor,
     * and — while the vendor takes new work — waiting to be submitted.
     */
    private static Set<TaskState> needSlot(VendorLane lane) {
        Set<TaskState> states = EnumSet.of(TaskState.SUBMITTED, TaskState.RUNNING);
        if (lane.stopped() == null) {
            states.add(TaskState.PENDING);
            states.add(TaskState.RETRY_WAIT);
            if (lane.limits().inDoubt() == JobSpec.InDoubtPolicy.RESUBMIT) states.add(TaskState.IN_DOUBT);
        }
        return states;
    }

    private boolean workLeft(RunContext run, int parked) {
        Map<String, Map<TaskState, Long>> counts = tasks.countsByVendor(run.runId());
        long claimable = 0;
        for (Map.Entry<String, Map<TaskState, Long>> vendor : counts.entrySet()) {
            VendorLane lane = run.lanes().get(vendor.getKey());
            Set<TaskState> states = lane == null ? EnumSet.noneOf(TaskState.class) : needSlot(lane);
            states.add(TaskState.COLLECTING);
            for (TaskState state : states) claimable += vendor.getValue().getOrDefault(state, 0L);
        }
        return claimable > parked;
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A task left in SUBMITTING died between recording its intent and recording the vendor's
     * answer: the vendor may or may not hold it. Such a task is in doubt; the spec's policy decides.
     */
    private void settleInterruptedSubmissions(RunContext run) {
        for (Task task : tasks.inStates(run.runId(), EnumSet.of(TaskState.SUBMITTING), Set.of(), Integer.MAX_VALUE)) {
            var intent = attempts.openIntent(task.id());
            String reason = "the process stopped while submitting; the vendor may or may not have the task";
            log.warn("Task {} ({}) is in doubt: {}", task.id(), task.itemKey(), reason);
            attempts.inDoubt(task, intent.orElse(null), reason);
        }
        for (Task task : tasks.inStates(run.runId(), EnumSet.of(TaskState.IN_DOUBT), Set.of(), Integer.MAX_VALUE)) {
            reconcile(run, task);
        }
    }

    /**
     * Asks the vendor for the task by our reference (the attempt id), where the vendor keeps one:
     * found, it is followed; surely absent, it is submitted again; otherwise the policy decides.
     */
    private void reconcile(RunContext run, Task task) {
        var attempt = attempts.inDoubtAttempt(task.id());
        if (attempt.isEmpty()) return;
        switch (run.lane(task).adapter().findByReference(attempt.get().toString())) {
            case Lookup.Found found -> {
                log.info("Task {} ({}) was not in doubt after all: {} has it as {}", task.id(), task.itemKey(),
                        task.vendor(), found.vendorRequestId());
                attempts.found(task, attempt.get(), found.vendorRequestId());
            }
            case Lookup.Absent absent -> {
                log.info("Task {} ({}) never reached {}: submitting it again", task.id(), task.itemKey(), task.vendor());
                attempts.absent(task, attempt.get());
            }
            case Lookup.Unknown unknown -> log.debug("Task {} stays in doubt: {}", task.id(), unknown.reason());
        }
    }
}
