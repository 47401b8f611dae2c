package io.retouch.flow;

import io.retouch.task.Task;
import io.retouch.task.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One task's way through the stages: submit, follow, collect. Holds a vendor slot only while the vendor holds the task. */
public final class TaskPipeline {

    private static final Logger log = LoggerFactory.getLogger(TaskPipeline.class);

    private final Recovery recovery;
    private final Submitter submitter;
    private final Follower follower;
    private final Collector collector;

    TaskPipeline(Recovery recovery, Submitter submitter, Follower follower, Collector collector) {
        this.recovery = recovery;
        this.submitter = submitter;
        this.follower = follower;
        this.collector = collector;
    }

    /** Before the first task: what every task will need is there (the output bucket). */
    void prepare(RunContext run) {
        collector.prepare(run);
    }

    /** False when an unexpected error stopped the task where it was (it is not retried in this dispatch). */
    boolean run(RunContext run, Task task, boolean holdsSlot) {
        boolean slot = holdsSlot;
        try {
            // taken up in doubt (resubmit policy): ask the vendor first, where it keeps our reference
            if (task.state() == TaskState.IN_DOUBT) task = recovery.settle(run, task);
            if (task.state() == TaskState.PENDING || task.state() == TaskState.RETRY_WAIT || task.state() == TaskState.IN_DOUBT) {
                task = submitter.submit(run, task);
            }
            if (task.state().isAtVendor()) task = follower.follow(run, task);
            if (slot) {
                run.lane(task).releaseSlot(task);
                slot = false;
            }
            if (task.state() == TaskState.COLLECTING) task = collector.collect(run, task);
            if (task.state().isFinal() && task.vendorRequestId() != null) run.lane(task).adapter().done(task.vendorRequestId());
            return true;
        } catch (InterruptedException e) {
            // a stop ended a wait (StopSignal): the flag is not set again, as no thread here is ever interrupted; set,
            // it would close the socket of the next database call under this virtual thread (the slot given back below)
            return true;
        } catch (RuntimeException e) {
            // a bug or a lost database: leave the task where it is, restart picks it up from there
            if (run.stop().requested()) {
                // a call left on the wire by a stop, answered while the process closes: the restart settles it
                log.info("Task {} ({}) stopped in {} while the run stopped: {}", task.id(), task.itemKey(), task.state(), e.toString());
                return true;
            }
            log.error("Task {} ({}) stopped in {}: {}", task.id(), task.itemKey(), task.state(), e.toString(), e);
            return false;
        } finally {
            if (slot) run.lane(task).releaseSlot(task);
        }
    }
}
