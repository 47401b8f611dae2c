package io.retouch.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The one way the rest of Retouch reaches the simulator (an architecture test says so): for a spec's
 * {@code simulator:} section and the {@code retouch sim} command. A development and demo tool; real
 * runs never touch it.
 */
public interface VendorSimulator extends AutoCloseable {

    /** Where it speaks {@code vendor}'s protocol (the vendor's name in job specs): replaces the vendor's host. */
    URI vendorBaseUrl(String vendor);

    @Override
    void close();

    /** Starts one in this process with its state under {@code stateDir}, so a restarted run finds every request. */
    static VendorSimulator start(Path stateDir, String latency, int concurrency, String faults) throws IOException {
        return Simulator.start(new SimulatorConfig(0, stateDir, LatencyModel.parse(latency), concurrency,
                FaultProfile.parse(faults), 42));
    }

    /** @throws IllegalArgumentException saying what is wrong with a latency model such as {@code fixed:1s} */
    static void checkLatency(String latency) {
        LatencyModel.parse(latency);
    }

    /** @throws IllegalArgumentException saying what is wrong with a fault profile such as {@code submit-5xx=0.1} */
    static void checkFaults(String faults) {
        FaultProfile.parse(faults);
    }

    /** The {@code retouch sim} command (picocli), serving every vendor until stopped. */
    static Object command() {
        return new SimulatorMain();
    }
}
