package io.retouch.cli;

import io.retouch.sim.VendorSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The admin CLI. Exit codes are documented in the README and in {@link ExitCodes}. */
@Command(name = "retouch", mixinStandardHelpOptions = true, version = "retouch 0.1.0",
        description = "Batch AI image editing: run job specs, watch and restart runs.",
        subcommands = {RunCommand.class, RunsCommand.class, StatusCommand.class, TasksCommand.class, RestartCommand.class,
                RerunCommand.class, SettleCommand.class, StopCommand.class, ReportCommand.class, ServeCommand.class, WorkerCommand.class, DbCommand.class,
                CatalogDemoCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every task succeeded (rejected manifest rows are reported, not failures)",
                "1:some tasks failed",
                "2:bad command line, job spec or manifest header; nothing was spent",
                "3:the run stopped with work left (tasks in doubt, vendor out of credit): see status, then restart",
                "4:internal error (see RETOUCH_HOME/logs/retouch.log)"})
public class RetouchCli {

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its error handling, before it runs (tests set its output streams). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RetouchCli()).addSubcommand(VendorSimulator.command());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // operator mistakes; anything else is ours and says so
            if (e instanceof io.retouch.spec.SpecException || e instanceof IllegalArgumentException
                    || e instanceof io.retouch.job.RunBusyException) {
                cmd.getErr().println("retouch: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            java.sql.SQLException unreachable = DatabaseTrouble.of(e);
            if (unreachable != null) {
                cmd.getErr().println("retouch: cannot use the database: " + unreachable.getMessage().strip()
                        + " (details in RETOUCH_HOME/logs/retouch.log)");
                return ExitCodes.INTERNAL;
            }
            cmd.getErr().println("retouch: internal error: " + e);
            return ExitCodes.INTERNAL;
        });
        return cli;
    }
}
