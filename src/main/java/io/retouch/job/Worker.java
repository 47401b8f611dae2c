package io.retouch.job;

import io.retouch.fleet.FleetConsole;
import io.retouch.fleet.Partitions;
import io.retouch.flow.Vendors;
import io.retouch.task.Slice;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * `retouch worker`: takes partitions of any run from the fleet's channel and works each with
 * Spring Batch's {@link StepExecutionRequestHandler}, a few at once. Leaving (SIGTERM, Ctrl-C) it
 * takes nothing more and hands the partitions in hand back: each stops as a run stops (calls on
 * the wire record their answer) and its manager sends it to another worker.
 */
@Component
public class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private final QueueChannel requests;
    private final JobRepository repository;
    private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    private final RunStops stops;
    private final FleetConsole console;
    private final Vendors vendors;
    private final RunSpecs specs;
    private final Set<Long> cannotWork = ConcurrentHashMap.newKeySet();
    private volatile boolean leaving;

    public Worker(QueueChannel partitionRequests, JobRepository repository,
                  @Qualifier("dispatchPartitionStep") Step partitionStep, RunStops stops, FleetConsole console,
                  Vendors vendors, RunSpecs specs) {
        this.vendors = vendors;
        this.specs = specs;
        this.requests = partitionRequests;
        this.repository = repository;
        this.stops = stops;
        this.console = console;
        // the one step a fleet works; a request naming another came from a different version of Retouch
        handler.setStepLocator(name -> {
            if (!name.equals(partitionStep.getName())) throw new IllegalArgumentException("no step '" + name + "' in this worker");
            return partitionStep;
        });
        handler.setJobRepository(repository);
    }

    /**
     * Works partitions, at most {@code atOnce} at a time, until {@link #leave}; returns, once those in
     * hand have ended, how many were in hand when it was asked to leave (each handed back).
     */
    public int work(int atOnce) throws InterruptedException {
        Semaphore free = new Semaphore(atOnce);
        int handedBack;
        try (ExecutorService partitions = Executors.newVirtualThreadPerTaskExecutor()) {
            while (!leaving) {
                if (!free.tryAcquire(LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) continue;
                // a worker with partitions in hand looks less often, so idle workers get the next one first
                int inHand = atOnce - free.availablePermits() - 1;
                if (inHand > 0) Thread.sleep(LOOK_EVERY.multipliedBy(inHand));
                Message<?> request = receive();
                if (request == null) {
                    free.release();
                    continue;
                }
                partitions.submit(() -> {
                    try {
                        take((StepExecutionRequest) request.getPayload());
                    } finally {
                        free.release();
                    }
                });
            }
            handedBack = atOnce - free.availablePermits();
        }
        return handedBack;
    }

    /** Asks the worker to take nothing more and hand back what it works (`why` is said in each partition's line). */
    public void leave(String why) {
        leaving = true;
        stops.stopAll(why);
    }

    private Message<?> receive() throws InterruptedException {
        try {
            return requests.receive(LOOK_EVERY.toMillis());
        } catch (RuntimeException e) {
            // a database blip: look again in a moment, the request stays in the channel until taken
            log.warn("Could not read the fleet's channel: {}", e.toString());
            Thread.sleep(LOOK_EVERY);
            return null;
        }
    }

    private void take(StepExecutionRequest request) {
        try {
            StepExecution partition = repository.getStepExecution(request.getStepExecutionId());
            // only a partition waiting for a worker, of a job its manager still runs: never one another worker took
            // up (a request sent twice), nor a request left behind by a manager that died (its run is restarted anew)
            if (partition == null || partition.getStatus() != BatchStatus.STARTING || !partition.getJobExecution().isRunning()) {
                log.info("Dropped partition request {}: its partition is {}", request, partition == null ? "gone" : partition.getStatus());
                return;
            }
            long runId = partition.getJobParameters().getLong(RetouchJobConfiguration.RUN_ID);
            Slice slice = Partitions.slice(runId, partition.getExecutionContext());
            // left untaken: its manager sends it again (only the manager sends, so a partition is never asked for twice)
            if (!canWork(runId)) return;
            StepExecution after = handler.handle(request);
            if (after.getStatus() == BatchStatus.FAILED)
                console.say("Failed " + slice + ": " + after.getExitStatus().getExitDescription().lines().findFirst().orElse("")
                        + " (see the log)");
        } catch (RuntimeException e) {
            log.error("Partition request {} could not be worked: {}", request, e.toString(), e);
            console.say("Could not work " + request + ": " + e.getMessage() + " (see the log)");
            failed(request, e);
        }
    }

    /**
     * Whether this worker has what the run's vendors need (their keys in its environment): a worker
     * without them leaves the run to the others, saying so once, rather than failing its partitions.
     */
    private boolean canWork(long runId) {
        if (cannotWork.contains(runId)) return false;
        List<String> problems = vendors.credentialProblems(specs.of(runId));
        if (problems.isEmpty()) return true;
        cannotWork.add(runId);
        console.say("Cannot work run " + runId + " here: " + String.join("; ", problems)
                + "; its partitions are left to other workers (set the variables and start this worker again)");
        return false;
    }

    /** Ended FAILED, so its manager fails the dispatch instead of sending it again and again. */
    private void failed(StepExecutionRequest request, RuntimeException e) {
        try {
            StepExecution partition = repository.getStepExecution(request.getStepExecutionId());
            if (partition == null) return;
            partition.setStatus(BatchStatus.FAILED);
            partition.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
            partition.setEndTime(java.time.LocalDateTime.now());
            repository.update(partition);
        } catch (RuntimeException again) {
            log.error("Could not record partition request {} as failed: {}", request, again.toString());
        }
    }
}
