package io.retouch.cli;

import io.retouch.job.Reruns;
import io.retouch.job.RunLauncher;
import io.retouch.task.TaskState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rerun", description = {
        "Try the tasks of a run that did not succeed again, in a new run linked to it.",
        "By default every FAILED or CANCELLED task; a task that succeeded is never paid again."})
class RerunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run whose tasks to try again (see `retouch runs`)")
    long runId;

    @Option(names = "--cause", split = ",", paramLabel = "CAUSE", description = "Only tasks with these causes, e.g. VENDOR_TASK_FAILED")
    List<String> causes = List.of();

    @Option(names = "--state", split = ",", paramLabel = "STATE", description = "Only tasks in these states: FAILED, CANCELLED, IN_DOUBT")
    List<String> states = List.of();

    @Option(names = "--items", paramLabel = "FILE", description = "Only these items: a file with one item key a line")
    Path items;

    @Option(names = "--include-in-doubt", description = "Also tasks held IN_DOUBT (their first submission may have been paid: "
            + "this may pay twice); each is given up in RUN")
    boolean includeInDoubt;

    @Option(names = "--vendor", paramLabel = "NAME", description = "Send every task to this vendor instead (checked first)")
    String vendor;

    @Option(names = "--dry-run", description = "Print what would be rerun and the paid calls it would make; change nothing")
    boolean dryRun;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Reruns.Choice choice = new Reruns.Choice(states(), TasksCommand.upper(causes), items(), vendor, includeInDoubt);
        return Stoppable.run(() -> work(choice));
    }

    private int work(Reruns.Choice choice) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.openForWork()) {
            Reruns reruns = app.getBean(Reruns.class);
            Reruns.Plan plan = reruns.plan(runId, choice);
            describe(plan, out);
            if (plan.tasks().isEmpty()) {
                out.printf("Nothing to rerun in run %d.%n", runId);
                return ExitCodes.OK;
            }
            if (dryRun) {
                out.println("Nothing was recorded or paid (--dry-run).");
                return ExitCodes.OK;
            }
            long rerun = reruns.record(plan);
            out.printf("Run %d: reruns %d tasks of run %d (%s)%n", rerun, plan.tasks().size(), runId, vendors(plan));
            out.flush();
            RunLauncher launcher = app.getBean(RunLauncher.class);
            return RunOutcome.of(app, rerun, out, () -> launcher.startRerun(rerun));
        }
    }

    private void describe(Reruns.Plan plan, PrintWriter out) {
        Map<String, Long> causes = new LinkedHashMap<>();
        for (Reruns.Candidate c : plan.tasks()) causes.merge(c.state() + (c.cause() == null ? "" : " " + c.cause()), 1L, Long::sum);
        out.printf("Rerun of run %d (%s): %s, %s if each is accepted at the first try%n", runId,
                plan.parent().jobName(), count(plan.tasks().size(), "task"), count(plan.paidCalls(), "paid submission"));
        if (!plan.tasks().isEmpty()) out.printf("  on %s%n", vendors(plan));
        causes.forEach((cause, n) -> out.printf("    %-34s %d%n", cause, n));
        plan.tasks().stream().limit(5).forEach(c -> out.printf("    line %d (%s)%s%n", c.line(), c.itemKey(),
                c.cause() == null ? "" : ": " + c.cause()));
        if (plan.tasks().size() > 5) out.printf("    … and %d more (`retouch tasks %d` lists them all)%n", plan.tasks().size() - 5, runId);
        if (!plan.alreadyRerunIn().isEmpty()) {
            Set<Long> in = new LinkedHashSet<>(plan.alreadyRerunIn().values());
            out.printf("  left out: %d tasks a rerun already has (run %s); rerun that run for them%n", plan.alreadyRerunIn().size(),
                    in.stream().map(String::valueOf).collect(Collectors.joining(", run ")));
        }
        out.flush();
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static String vendors(Reruns.Plan plan) {
        return plan.byVendor().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + (plan.spec().simulated() ? ", on the built-in simulator" : "");
    }

    private Set<TaskState> states() {
        Set<TaskState> chosen = EnumSet.noneOf(TaskState.class);
        for (String s : TasksCommand.upper(states)) {
            try {
                chosen.add(TaskState.valueOf(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--state " + s + " is not a task state; one of FAILED, CANCELLED, IN_DOUBT");
            }
        }
        return chosen;
    }

    private List<String> items() throws IOException {
        if (items == null) return List.of();
        try {
            // blank lines stay, as "", so that errors name the file's own line numbers
            List<String> keys = Files.readAllLines(items, StandardCharsets.UTF_8).stream().map(String::strip).toList();
            if (keys.stream().allMatch(String::isEmpty))
                throw new IllegalArgumentException("--items " + items + " names no item (one item key a line)");
            return keys;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--items " + items + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException("--items " + items + " is not UTF-8 text");
        }
    }

}
