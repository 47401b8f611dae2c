package io.retouch.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Simulator} behaves. {@code port} 0 picks a free port; {@code concurrency} is the
 * emulated account limit of requests in progress at once, per vendor; {@code seed} makes faults and
 * latencies repeatable; {@code hang} is how long a {@code *-timeout} fault keeps the client waiting.
 */
public record SimulatorConfig(int port, Path stateDir, LatencyModel latency, int concurrency,
                              FaultProfile faults, long seed, Duration hang) {

    public SimulatorConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(hang, "hang");
        if (port < 0 || port > 65_535)
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (concurrency < 1)
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }

    public SimulatorConfig(int port, Path stateDir, LatencyModel latency, int concurrency, FaultProfile faults, long seed) {
        this(port, stateDir, latency, concurrency, faults, seed, Duration.ofSeconds(40));
    }

    public static SimulatorConfig defaults(Path stateDir) {
        return new SimulatorConfig(0, stateDir, LatencyModel.parse("lognormal:mean=1s,sd=300ms"), 4,
                FaultProfile.none(), 42);
    }

    public SimulatorConfig withLatency(LatencyModel newLatency) {
        return new SimulatorConfig(port, stateDir, newLatency, concurrency, faults, seed, hang);
    }

    public SimulatorConfig withConcurrency(int newConcurrency) {
        return new SimulatorConfig(port, stateDir, latency, newConcurrency, faults, seed, hang);
    }

    public SimulatorConfig withFaults(FaultProfile newFaults) {
        return new SimulatorConfig(port, stateDir, latency, concurrency, newFaults, seed, hang);
    }

    public SimulatorConfig withHang(Duration newHang) {
        return new SimulatorConfig(port, stateDir, latency, concurrency, faults, seed, newHang);
    }
}
