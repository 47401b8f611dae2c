package io.retouch.job;

import io.retouch.flow.Dispatcher;
import io.retouch.flow.Vendors;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** The dispatch step: opens the run's vendor lane and drives its tasks until none can move. */
@Component
class DispatchTasklet implements Tasklet {

    private final RunSpecs specs;
    private final RunStore runs;
    private final Vendors vendors;
    private final Dispatcher dispatcher;
    private final RunStops stops;

    DispatchTasklet(RunSpecs specs, RunStore runs, Vendors vendors, Dispatcher dispatcher, RunStops stops) {
        this.specs = specs;
        this.runs = runs;
        this.vendors = vendors;
        this.dispatcher = dispatcher;
        this.stops = stops;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        long runId = chunkContext.getStepContext().getStepExecution().getJobParameters().getLong(RetouchJobConfiguration.RUN_ID);
        runs.status(runId, RunStatus.DISPATCHING);
        try (RunStops.Watch watch = stops.watch(runId);
             Vendors.Opened opened = vendors.open(runId, specs.of(runId), watch.signal)) {
            dispatcher.dispatch(opened.context());
        }
        return RepeatStatus.FINISHED;
    }
}
