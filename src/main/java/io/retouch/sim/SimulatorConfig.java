package io.retouch.sim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link Simulator} behaves. {@code port} 0 picks a free port; {@code concurrency} is the
 * emulated fal account limit of requests IN_PROGRESS at once; {@code seed} makes faults and
 * latencies repeatable.
 */
public record SimulatorConfig(int port, Path stateDir, LatencyModel latency, int concurrency,
                              FaultProfile faults, long seed) {

    public SimulatorConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(faults, "faults");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    public static SimulatorConfig defaults(Path stateDir) {
        return new SimulatorConfig(0, stateDir, LatencyModel.parse("lognormal:mean=1s,sd=300ms"), 4,
                FaultProfile.none(), 42);
    }

    public SimulatorConfig withLatency(LatencyModel newLatency) {
        return new SimulatorConfig(port, stateDir, newLatency, concurrency, faults, seed);
    }

    public SimulatorConfig withConcurrency(int newConcurrency) {
        return new SimulatorConfig(port, stateDir, latency, newConcurrency, faults, seed);
    }

    public SimulatorConfig withFaults(FaultProfile newFaults) {
        return new SimulatorConfig(port, stateDir, latency, concurrency, newFaults, seed);
    }
}
