package io.retouch.flow;

import io.retouch.infra.RetouchHome;
import io.retouch.spec.JobSpec;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import io.retouch.vendor.Capabilities;
import io.retouch.vendor.VendorAdapter;
import io.retouch.vendor.fal.FalAdapter;
import io.retouch.vendor.fal.FalSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Builds the vendor a spec names. {@code sim} is fal's protocol served by the simulator started
 * in-process, with its state under RETOUCH_HOME/sim so it outlives a crash of this process.
 */
@Component
public class Vendors {

    /** Variables read for vendor credentials and base URLs; through Spring so tests can set them too. */
    private static final List<String> VARIABLES = List.of("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET", "RETOUCH_FAL_BASE_URL");
    private static final String SIM_KEY = "sim-key";

    private final RetouchHome home;
    private final Environment env;

    public Vendors(RetouchHome home, Environment env) {
        this.home = home;
        this.env = env;
    }

    public Capabilities capabilities(JobSpec spec) {
        return FalAdapter.CAPABILITIES;
    }

    /** Fails, naming the missing variables, when the vendor's credentials are not there: before any run is made. */
    public void checkCredentials(JobSpec spec) {
        if (!spec.simulated()) FalSettings.fromEnvironment(variables(), spec.vendor().baseUrl());
    }

    /** A run's vendor lane, and what must be closed when dispatch ends. */
    public record Opened(RunContext context, List<AutoCloseable> resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (AutoCloseable r : resources) r.close();
        }
    }

    public Opened open(long runId, JobSpec spec) {
        if (!spec.simulated()) {
            FalAdapter fal = new FalAdapter(FalSettings.fromEnvironment(variables(), spec.vendor().baseUrl()));
            return opened(runId, spec, fal, List.of(fal));
        }
        Simulator sim = startSimulator(spec);
        FalAdapter fal = new FalAdapter(FalSettings.of(URI.create(sim.falBaseUrl()), SIM_KEY));
        return opened(runId, spec, fal, List.of(fal, sim));
    }

    private Simulator startSimulator(JobSpec spec) {
        JobSpec.Simulator s = spec.simulator();
        FaultProfile faults = s.faults() == null || s.faults().isBlank() ? FaultProfile.none() : FaultProfile.parse(s.faults());
        try {
            return Simulator.start(new SimulatorConfig(0, home.resolve("sim"), LatencyModel.parse(s.latency()),
                    s.concurrency(), faults, 42));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the simulator", e);
        }
    }

    private static Opened opened(long runId, JobSpec spec, VendorAdapter adapter, List<AutoCloseable> resources) {
        return new Opened(new RunContext(runId, spec, new VendorLane(adapter, spec.vendor())), resources);
    }

    private Map<String, String> variables() {
        Map<String, String> vars = new HashMap<>();
        for (String name : VARIABLES) {
            String value = env.getProperty(name);
            if (value != null) vars.put(name, value);
        }
        return vars;
    }
}
