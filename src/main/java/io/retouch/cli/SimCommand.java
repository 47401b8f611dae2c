package io.retouch.cli;

import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sim", description = {"Serve the vendor simulator (fal.ai queue protocol) until stopped with Ctrl-C.",
        "Point a spec or RETOUCH_FAL_BASE_URL at the printed URL; any FAL_KEY is accepted."})
class SimCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8089", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--state-dir", defaultValue = ".retouch/sim-standalone",
            description = "Where requests, inputs and outputs are kept (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--latency", defaultValue = "lognormal:mean=1s,sd=300ms",
            description = "Latency model: fixed:1s, uniform:500ms-2s or lognormal:mean=1s,sd=300ms (default: ${DEFAULT-VALUE})")
    String latency;

    @Option(names = "--concurrency", defaultValue = "4", description = "Requests in progress at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--faults", defaultValue = "", description = "Fault rates, e.g. submit-5xx=0.1,result-422=0.05")
    String faults;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        SimulatorConfig config = new SimulatorConfig(port, stateDir, LatencyModel.parse(latency), concurrency,
                faults.isBlank() ? FaultProfile.none() : FaultProfile.parse(faults), 42);
        try (Simulator sim = Simulator.start(config)) {
            out.printf("Simulator listening on %s%n  fal queue base URL: %s%n  submissions: %s/_sim/submissions%n"
                    + "  e.g. RETOUCH_FAL_BASE_URL=%s FAL_KEY=any java -jar target/retouch.jar run SPEC%n",
                    sim.baseUrl(), sim.falBaseUrl(), sim.baseUrl(), sim.falBaseUrl());
            out.flush();
            new CountDownLatch(1).await();
        }
        return ExitCodes.OK;
    }
}
