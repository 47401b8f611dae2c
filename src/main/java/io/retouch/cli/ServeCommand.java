package io.retouch.cli;

import io.retouch.serve.Console;
import io.retouch.serve.JobFolder;
import io.retouch.serve.Serve;
import io.retouch.spec.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {
        "Stay up: start each job spec of a folder when its schedule says (once across every serve on the database),",
        "restart runs whose process died, and serve health and Prometheus metrics over HTTP. SIGTERM or Ctrl-C stops it."})
class ServeCommand implements Callable<Integer> {

    /** Submissions on the wire get 20 s to record their answer (Dispatcher), then the report is written. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @Option(names = "--jobs", paramLabel = "DIR", defaultValue = "jobs", description = "Folder of job specs (*.yaml, *.yml); default: ${DEFAULT-VALUE}")
    Path jobs;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of /actuator/health and /actuator/prometheus; 0 picks a free one; default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--max-runs", defaultValue = "4", description = "Runs this process works at once (fired or recovered); default: ${DEFAULT-VALUE}")
    int maxRuns;

    @Option(names = "--recover-every", paramLabel = "DURATION", defaultValue = "30s", description = "How often to look for runs whose process died; default: ${DEFAULT-VALUE}")
    String recoverEvery;

    @Option(names = "--recover-grace", paramLabel = "DURATION", defaultValue = "1m",
            description = "How long a run must be untouched and unlocked before it counts as dead; default: ${DEFAULT-VALUE}")
    String recoverGrace;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (maxRuns < 1 || maxRuns > 16) throw new IllegalArgumentException("--max-runs must be between 1 and 16, got " + maxRuns
                + " (each run may use 16 database connections; run more serves for more)");
        Serve.Options options = new Serve.Options(positive("--recover-every", recoverEvery), positive("--recover-grace", recoverGrace),
                maxRuns, STOP_WAIT);
        return Stoppable.run(() -> work(options));
    }

    private int work(Serve.Options options) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        JobFolder folder = JobFolder.read(jobs);
        folder.refused().forEach((file, problems) -> out.println("Skipped " + problems.replace("\n", " ")));
        CountDownLatch signalled = new CountDownLatch(1);
        AtomicReference<String> why = new AtomicReference<>();
        try (ConfigurableApplicationContext app = AppContext.openForServe(port, maxRuns)) {
            int actual = ((WebServerApplicationContext) app).getWebServer().getPort();
            out.println(folder.scheduled().isEmpty()
                    ? "No spec in " + jobs + " has a schedule: restarting dead runs and serving metrics only"
                    : "Scheduled from " + jobs + ": " + folder.scheduled().stream()
                    .map(io.retouch.serve.ScheduledJob::describe)
                    .collect(Collectors.joining(", ")));
            out.printf("Health and metrics on http://localhost:%d/actuator/health and /actuator/prometheus; "
                    + "restarting dead runs every %s; at most %d runs at once%n", actual, recoverEvery, maxRuns);
            out.flush();
            Serve serve = new Serve(app, options, new Console(out));
            Stoppable.onSignal(signal -> {
                why.set(signal);
                signalled.countDown();
            });
            serve.start(folder);
            signalled.await();
            int working = serve.working();
            boolean ended = serve.stop("serve stopping (" + why.get() + ")");
            out.println(ended ? "Serve stopped (%s)%s.".formatted(why.get(), working > 0 ? "; its runs were handed back" : "")
                    : "Serve stopped (%s); runs still working after %d s were left as crashed: the next serve restarts them."
                    .formatted(why.get(), STOP_WAIT.toSeconds()));
            out.flush();
            return ExitCodes.OK;
        }
    }


    private static Duration positive(String option, String raw) {
        Duration d;
        try {
            d = Durations.parse(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(option + " must be longer than 0");
        return d;
    }
}
