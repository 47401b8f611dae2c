package io.retouch.job;

import io.retouch.fleet.RemotePartitions;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import java.util.Collection;
import java.util.Set;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * How the dispatch step of a run is partitioned: as its spec's {@code partitions:} says. One
 * partition (the default) is dispatched here, in this thread; more go to the fleet of
 * `retouch worker` processes through {@link RemotePartitions}, this process acting as the manager
 * (it holds the run's lock and heartbeat and passes a stop on to the workers).
 */
@Component
class DispatchPartitions implements PartitionHandler {

    static final String WORKER_STEP = "dispatch-partition";

    private final RunSpecs specs;
    private final RunStore runs;
    private final RunStops stops;
    private final RemotePartitions fleet;
    private final Step partitionStep;

    DispatchPartitions(RunSpecs specs, RunStore runs, RunStops stops, RemotePartitions fleet,
                       @Qualifier("dispatchPartitionStep") Step partitionStep) {
        this.specs = specs;
        this.runs = runs;
        this.stops = stops;
        this.fleet = fleet;
        this.partitionStep = partitionStep;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution manager) throws Exception {
        long runId = manager.getJobParameters().getLong(RetouchJobConfiguration.RUN_ID);
        int count = specs.of(runId).partitions();
        Set<StepExecution> partitions = splitter.split(manager, count);
        if (count == 1) {
            for (StepExecution partition : partitions) partitionStep.execute(partition);
            return partitions;
        }
        runs.status(runId, RunStatus.DISPATCHING);
        try (RunStops.Watch watch = stops.watch(runId)) {
            return fleet.work(runId, WORKER_STEP, partitions, watch.signal,
                    () -> runs.requestStop(runId, watch.signal.cancel()));
        }
    }
}
