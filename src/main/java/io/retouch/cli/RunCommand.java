package io.retouch.cli;

import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.job.RunLauncher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Run a job spec: ingest its manifest, edit every row, store the results.")
class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The job spec, e.g. jobs/demo.yaml")
    Path specFile;

    @Option(names = "--dry-run", description = "Read the manifest as a run would and print its rows, paid calls and "
            + "estimated spend per vendor; record nothing, pay nothing")
    boolean dryRun;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        return Stoppable.run(this::work);
    }

    private int work() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        JobSpec spec = new JobSpecLoader().load(specFile); // fails before anything starts
        try (ConfigurableApplicationContext app = AppContext.openForWork()) {
            if (dryRun) return DryRun.print(app, spec, out);
            RunLauncher launcher = app.getBean(RunLauncher.class);
            long runId = launcher.create(spec);
            out.printf("Run %d: %s (%s, %s%s)%n", runId, spec.name(), specFile, vendors(spec),
                    spec.simulated() ? ", on the built-in simulator" : "");
            out.flush();
            return RunOutcome.of(app, runId, out, () -> launcher.start(runId));
        }
    }

    /** e.g. "vendor fal, 4 in flight" or "vendors fal (share 2, 4 in flight), mulerun (share 1, 2 in flight)". */
    private static String vendors(JobSpec spec) {
        if (spec.vendors().size() == 1)
            return "vendor " + spec.vendors().getFirst().name() + ", " + spec.vendors().getFirst().maxInFlight() + " in flight";
        return "vendors " + spec.vendors().stream()
                .map(v -> v.name() + " (" + (v.priority() > 0 ? "priority " + v.priority() + ", " : "")
                        + "share " + v.share() + ", " + v.maxInFlight() + " in flight)")
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
