package io.retouch.sim;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the simulator by hand or for the demo until the process is stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Serve the vendor simulator (fal.ai's queue API for fal-ai/nano-banana-pro/edit) until stopped.",
                "Point RETOUCH_FAL_BASE_URL (or a spec's vendor.base-url) at the printed fal base URL; any FAL_KEY works."})
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--port", description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8089;

    @Option(names = "--state-dir", description = "Where requests, inputs and outputs are kept "
            + "(default: ${DEFAULT-VALUE}).")
    // not RETOUCH_HOME/sim: that one belongs to the simulator runs with `vendor: sim` start in-process
    Path stateDir = Path.of(".retouch", "sim-standalone");

    @Option(names = "--latency", description = "fixed:1s | uniform:500ms-2s | lognormal:mean=1500ms,sd=400ms "
            + "(default: ${DEFAULT-VALUE}).")
    String latency = "lognormal:mean=1s,sd=300ms";

    @Option(names = "--concurrency", description = "Requests IN_PROGRESS at once (default: ${DEFAULT-VALUE}).")
    int concurrency = 4;

    @Option(names = "--faults", description = "e.g. submit-5xx=0.1,submit-429=0.05,result-422=0.1 "
            + "(default: ${DEFAULT-VALUE}).")
    String faults = "none";

    @Option(names = "--seed", description = "Seed for faults and latencies (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SimulatorConfig config = new SimulatorConfig(port, stateDir, LatencyModel.parse(latency), concurrency,
                FaultProfile.parse(faults), seed);
        Simulator simulator = Simulator.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        System.out.println("fal base URL: " + simulator.falBaseUrl());
        System.out.println("ledger:       " + simulator.baseUrl() + "/_sim/submissions");
        System.out.println("state dir:    " + stateDir.toAbsolutePath());
        System.out.println("latency " + config.latency() + ", concurrency " + concurrency + ", faults "
                + config.faults() + ", seed " + seed);
        new CountDownLatch(1).await();
        return 0;
    }
}
