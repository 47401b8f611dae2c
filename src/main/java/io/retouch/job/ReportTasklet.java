package io.retouch.job;

import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The report step: stores the run's summary and says whether the run is done or waits for the operator. */
@Component
class ReportTasklet implements Tasklet {

    private final RunStore runs;
    private final RunReports reports;
    private final JsonMapper json;

    ReportTasklet(RunStore runs, RunReports reports, JsonMapper json) {
        this.runs = runs;
        this.reports = reports;
        this.json = json;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = chunkContext.getStepContext().getStepExecution().getJobParameters().getLong(RetouchJobConfiguration.RUN_ID);
        runs.status(runId, RunStatus.REPORTING);
        RunReport report = reports.of(runId);
        runs.summary(runId, json.writeValueAsString(report));
        runs.status(runId, report.unfinished() == 0 ? RunStatus.COMPLETED : RunStatus.STOPPED);
        return RepeatStatus.FINISHED;
    }
}
