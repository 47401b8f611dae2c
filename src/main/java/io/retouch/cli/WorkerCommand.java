package io.retouch.cli;

import io.retouch.fleet.FleetConsole;
import io.retouch.job.Worker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker", description = {
        "Join the fleet: take partitions of any run whose spec has `partitions:` above 1 (its `run`, `restart` or",
        "serve is the manager) and dispatch them, within the limits every process on the database shares.",
        "Serves health and Prometheus metrics over HTTP. SIGTERM or Ctrl-C hands its partitions back to the fleet."})
class WorkerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8081", description = "HTTP port of /actuator/health and /actuator/prometheus; 0 picks a free one; default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions this process works at once (of one run or several); default: ${DEFAULT-VALUE}")
    int atOnce;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (atOnce < 1 || atOnce > 16) throw new IllegalArgumentException("--partitions must be between 1 and 16, got " + atOnce
                + " (each partition may use 16 database connections; run more workers for more)");
        return Stoppable.run(this::work);
    }

    private int work() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (ConfigurableApplicationContext app = AppContext.openForWorker(port, atOnce)) {
            app.getBean(FleetConsole.class).printTo(line -> {
                out.println(line);
                out.flush();
            });
            Worker worker = app.getBean(Worker.class);
            int actual = ((WebServerApplicationContext) app).getWebServer().getPort();
            out.printf("Worker ready: taking up to %d partitions at once; health and metrics on "
                    + "http://localhost:%d/actuator/health and /actuator/prometheus%n", atOnce, actual);
            out.flush();
            String[] why = new String[1];
            Stoppable.onSignal(signal -> {
                why[0] = signal;
                worker.leave("worker leaving (" + signal + ")");
            });
            int handedBack = worker.work(atOnce);
            out.println("Worker stopped (" + why[0] + ")" + (handedBack == 0 ? "."
                    : "; %d partition%s in hand went back to the fleet.".formatted(handedBack, handedBack == 1 ? "" : "s")));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
