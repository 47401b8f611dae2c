package io.retouch.cli;

import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs a job with live progress, then prints the summary and picks the exit code. */
final class RunOutcome {

    private RunOutcome() {
    }

    static int of(ConfigurableApplicationContext app, long runId, PrintWriter out, Callable<BatchStatus> job) throws Exception {
        RunReports reports = app.getBean(RunReports.class);
        BatchStatus status;
        try (Progress ignored = Progress.start(reports, runId, out)) {
            status = job.call();
        }
        if (status != BatchStatus.COMPLETED) app.getBean(RunStore.class).status(runId, RunStatus.STOPPED);
        RunReport report = reports.of(runId);
        ReportPrinter.print(report, out);
        if (status != BatchStatus.COMPLETED) {
            out.printf("The run stopped (%s); see %s, then `retouch restart %d`.%n", status,
                    "RETOUCH_HOME/logs/retouch.log", runId);
            return ExitCodes.WORK_LEFT;
        }
        if (report.count("FAILED") > 0) return ExitCodes.TASKS_FAILED;
        if (report.unfinished() > 0) {
            out.printf("%d tasks are not finished (in doubt or waiting for vendor credit); `retouch restart %d` continues them.%n",
                    report.unfinished(), runId);
            return ExitCodes.WORK_LEFT;
        }
        return ExitCodes.OK;
    }
}
