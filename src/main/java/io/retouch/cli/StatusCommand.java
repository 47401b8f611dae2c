package io.retouch.cli;

import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show one run: task counts, outputs, latency, failures and rejected rows.")
class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (see `retouch runs`)")
    long runId;

    @Option(names = "--json", description = "Print the report as JSON, for scripts")
    boolean json;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext app = AppContext.openForReading()) {
            RunReport report = app.getBean(RunReports.class).of(runId);
            if (json) command.commandLine().getOut().println(CliJson.write(report));
            else ReportPrinter.print(report, command.commandLine().getOut());
            return ExitCodes.OK;
        }
    }
}
