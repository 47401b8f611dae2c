package io.retouch.sim;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the simulator by hand or for the demo until the process is stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Serve the vendor simulator (every vendor's protocol for Nano Banana Pro edit) until stopped.",
                "Point a vendor's RETOUCH_<NAME>_BASE_URL (or a spec's base-url) at the printed base URL; any key works.",
                "Change faults while it runs: curl -d 'mulerun: task-failed=0.5' http://127.0.0.1:PORT/_sim/faults"})
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--port", description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8089;

    @Option(names = "--state-dir", description = "Where requests, inputs and outputs are kept "
            + "(default: ${DEFAULT-VALUE}).")
    // not RETOUCH_HOME/sim: that one belongs to the simulator runs with `vendor: sim` start in-process
    Path stateDir = Path.of(".retouch", "sim-standalone");

    @Option(names = "--latency", description = "fixed:1s | uniform:500ms-2s | lognormal:mean=1500ms,sd=400ms | "
            + "lognormal:median=2s,sigma=0.3 (default: ${DEFAULT-VALUE}).")
    String latency = "lognormal:mean=1s,sd=300ms";

    @Option(names = "--concurrency", description = "Requests in progress at once, per vendor (default: ${DEFAULT-VALUE}).")
    int concurrency = 4;

    @Option(names = "--faults", description = "For every vendor, e.g. submit-5xx=0.1,poll-malformed=0.05, or per "
            + "vendor: 'fal: result-422=0.1; mulerun: task-failed=0.2' (default: ${DEFAULT-VALUE}).")
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
        simulator.vendorBaseUrls().forEach((vendor, url) -> System.out.printf("%-13s base URL: %s%n", vendor, url));
        System.out.println("ledger:       " + simulator.baseUrl() + "/_sim/submissions");
        System.out.println("faults:       " + simulator.baseUrl() + "/_sim/faults (GET shows, POST changes)");
        System.out.println("peaks:        " + simulator.baseUrl() + "/_sim/stats (per vendor: tasks held at once,"
                + " requests in any one second; totals: requests by kind, tasks, run time drawn)");
        System.out.println("state dir:    " + stateDir.toAbsolutePath());
        System.out.println("latency " + config.latency() + ", concurrency " + concurrency + ", faults "
                + config.faults() + ", seed " + seed);
        new CountDownLatch(1).await();
        return 0;
    }
}
