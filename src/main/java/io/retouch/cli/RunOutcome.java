package io.retouch.cli;

import io.retouch.fleet.FleetConsole;
import io.retouch.job.RunFailures;
import io.retouch.job.RunStops;
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
        RunStops stops = app.getBean(RunStops.class);
        Stoppable.onSignal(stops::stopAll);
        // a run with `partitions:` is worked by the fleet: this process, its manager, says what the fleet does
        app.getBean(FleetConsole.class).printTo(line -> {
            out.println(line);
            out.flush();
        });
        BatchStatus status;
        try (Progress ignored = Progress.start(reports, runId, out)) {
            status = job.call();
        }
        if (status != BatchStatus.COMPLETED) app.getBean(RunStore.class).status(runId, RunStatus.STOPPED);
        RunReport report = reports.of(runId);
        String stoppedBecause = stops.stoppedBecause(runId);
        if (stoppedBecause != null && report.unfinished() > 0) {
            out.println(stoppedLine(report, stoppedBecause));
            out.flush();
            return ExitCodes.WORK_LEFT;
        }
        ReportPrinter.print(report, out);
        if (status != BatchStatus.COMPLETED) {
            app.getBean(RunFailures.class).take(runId).ifPresent(cause -> out.println("Cause: " + cause));
            out.printf("The run stopped (%s); see %s, then `retouch restart %d`.%n", status,
                    "RETOUCH_HOME/logs/retouch.log", runId);
            if (report.count("IN_DOUBT") > 0) inDoubt(out, runId, report.count("IN_DOUBT"));
            return ExitCodes.WORK_LEFT;
        }
        if (report.count("FAILED") > 0) return ExitCodes.TASKS_FAILED;
        if (report.unfinished() > 0) {
            long inDoubt = report.count("IN_DOUBT");
            // tasks held by the budget or a daily limit were said above, with their way on
            long waiting = report.unfinished() - inDoubt - report.money().heldTasks();
            if (waiting > 0)
                out.printf("%d tasks are not finished (waiting for vendor credit or a fixed key); once the account is fixed, "
                        + "`retouch restart %d` continues them.%n", waiting, runId);
            if (inDoubt > 0) inDoubt(out, runId, inDoubt);
            return ExitCodes.WORK_LEFT;
        }
        return ExitCodes.OK;
    }

    /** The one line a stopped run ends with: where it stands and the command that continues it. */
    static String stoppedLine(RunReport r, String why) {
        long atVendor = r.count("SUBMITTED") + r.count("RUNNING") + r.count("COLLECTING");
        long unsent = r.count("PENDING") + r.count("RETRY_WAIT");
        return String.format("Run %d stopped (%s): %d of %d tasks succeeded, %d failed%s, %d at the vendor (followed, never sent "
                        + "again), %d not sent yet%s; `retouch restart %d` continues it.", r.run(), why, r.count("SUCCEEDED"), r.total(),
                r.count("FAILED"), r.count("CANCELLED") > 0 ? ", " + r.count("CANCELLED") + " cancelled" : "", atVendor, unsent,
                r.count("IN_DOUBT") > 0 ? ", " + r.count("IN_DOUBT") + " in doubt" : "", r.run());
    }

    /** The operator's ways out for tasks in doubt, as commands to copy (docs/cli.md#settle). */
    static void inDoubt(PrintWriter out, long runId, long count) {
        out.printf("""
                %d tasks are in doubt: the process stopped while submitting them, so the vendor may or may not have them \
                (a plain restart leaves them, never paying twice). Choose, then restart:
                  retouch restart %d --in-doubt resubmit               submit them again (may pay twice)
                  retouch settle %d --task ID --vendor-id VENDOR_ID    follow one you found at the vendor
                  retouch settle %d --all --abandon                    give them up (FAILED, cause ABANDONED)
                  (their ids: retouch tasks %d --state IN_DOUBT)
                """, count, runId, runId, runId, runId);
        out.flush();
    }
}
