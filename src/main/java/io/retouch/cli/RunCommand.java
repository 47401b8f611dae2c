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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Run a job spec: ingest its manifest, edit every row, store the results.")
class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The job spec, e.g. jobs/demo.yaml")
    Path specFile;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        JobSpec spec = new JobSpecLoader().load(specFile); // fails before anything starts
        try (ConfigurableApplicationContext app = AppContext.open()) {
            RunLauncher launcher = app.getBean(RunLauncher.class);
            long runId = launcher.create(spec);
            out.printf("Run %d: %s (%s, vendor %s, %d in flight)%n", runId, spec.name(), specFile,
                    spec.vendor().name(), spec.vendor().maxInFlight());
            out.flush();
            return RunOutcome.of(app, runId, out, () -> launcher.start(runId));
        }
    }
}
