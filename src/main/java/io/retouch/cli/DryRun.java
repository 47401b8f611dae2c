package io.retouch.cli;

import static io.retouch.money.Usd.usd;

import io.retouch.manifest.IngestItem;
import io.retouch.manifest.ManifestPreview;
import io.retouch.money.Estimate;
import io.retouch.spec.JobSpec;
import java.io.PrintWriter;
import org.springframework.context.ConfigurableApplicationContext;

/** `retouch run SPEC --dry-run`: the rows, the paid calls and their estimated cost; nothing recorded, nothing paid. */
final class DryRun {

    private DryRun() {
    }

    static int print(ConfigurableApplicationContext app, JobSpec spec, PrintWriter out) throws Exception {
        Estimate estimate = new Estimate(spec);
        ManifestPreview.Rows rows = app.getBean(ManifestPreview.class).read(spec, task ->
                estimate.add(task.vendor(), task.request().resolution(), task.request().numImages(), task.parts()));
        out.printf("Dry run of %s (%s): nothing is recorded, staged or paid.%n", spec.name(), spec.specFile());
        out.printf("  rows: %d accepted, %d rejected%n", rows.accepted(), rows.rejected());
        for (IngestItem.Rejected r : rows.firstRejections())
            out.printf("    line %d%s: %s%n", r.lineNo(), r.itemKey() == null ? "" : " (" + r.itemKey() + ")", r.reason());
        if (rows.rejected() > rows.firstRejections().size())
            out.printf("    and %d more rejected rows%n", rows.rejected() - rows.firstRejections().size());
        out.println("  paid calls (tasks) and estimated spend by vendor:");
        long tasks = 0;
        for (Estimate.VendorLine line : estimate.lines()) {
            tasks += line.tasks();
            out.printf("    %-13s %6d tasks  %s%n", line.vendor(), line.tasks(), line.unpricedTasks() == 0 ? usd(line.usd())
                    : "unpriced (" + line.unpricedTasks() + " tasks): no published price; give it in the spec as the "
                      + "vendor's price-per-image (docs/job-spec.md#money)");
        }
        out.printf("  total: %d tasks, %s%s%s%n", tasks, usd(estimate.totalUsd()),
                estimate.unpricedTasks() > 0 ? " and " + estimate.unpricedTasks() + " unpriced tasks" : "", budget(spec, estimate));
        if (spec.reuse() != null)
            out.println("  skip-unchanged: every row is estimated as sent; rows unchanged since an earlier run are reused, not paid");
        out.flush();
        return ExitCodes.OK;
    }

    private static String budget(JobSpec spec, Estimate estimate) {
        if (spec.budget() == null) return "";
        return estimate.totalUsd().compareTo(spec.budget()) <= 0 ? ", within the budget of " + usd(spec.budget())
                : ", over the budget of " + usd(spec.budget()) + ": the run would stop submitting there and hold the rest";
    }
}
