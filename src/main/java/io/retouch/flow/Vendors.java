package io.retouch.flow;

import io.retouch.catalog.VendorCatalog;
import io.retouch.infra.RetouchHome;
import io.retouch.limits.AccountLimits;
import io.retouch.limits.VendorAccounts;
import io.retouch.spec.JobSpec;
import io.retouch.task.Slice;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import io.retouch.sim.VendorSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Opens the vendors a spec names, each behind its own lane. With a {@code simulator:} section
 * every vendor is served by one simulator started in-process, with its state under
 * RETOUCH_HOME/sim so it outlives a crash of this process; no credentials are needed then.
 */
@Component
public class Vendors {

    private static final String SIM_KEY = "sim-key";

    private final RetouchHome home;
    private final Environment env;
    private final VendorAccounts accounts;

    public Vendors(RetouchHome home, Environment env, VendorAccounts accounts) {
        this.home = home;
        this.env = env;
        this.accounts = accounts;
    }

    /**
     * The problems with the credentials of the spec's vendors, one per vendor, each naming the
     * missing variables (never a value): checked before any run is made.
     */
    public List<String> credentialProblems(JobSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.simulated()) return problems;
        for (JobSpec.Vendor v : spec.vendors()) {
            try (VendorAdapter ignored = definition(v.name()).open(connection(v))) {
                // opening reads and checks the credentials; nothing is sent
            } catch (IllegalStateException | IllegalArgumentException e) {
                problems.add(v.name() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** A run's vendor lanes, and what must be closed when dispatch ends. */
    public record Opened(RunContext context, List<AutoCloseable> resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (AutoCloseable r : resources) r.close();
        }
    }

    public Opened open(long runId, JobSpec spec) {
        return open(Slice.whole(runId), spec, new StopSignal());
    }

    /** For the tasks of {@code slice}, with the signal that asks this dispatch to stop (`retouch stop`, SIGTERM). */
    public Opened open(Slice slice, JobSpec spec, StopSignal stop) {
        List<AutoCloseable> resources = new ArrayList<>();
        VendorSimulator sim = spec.simulated() ? startSimulator(spec) : null;
        Map<String, VendorLane> lanes = new LinkedHashMap<>();
        try {
            for (JobSpec.Vendor v : spec.vendors()) {
                VendorDefinition definition = definition(v.name());
                VendorAdapter adapter = definition.open(sim == null ? connection(v)
                        : new VendorDefinition.Connection(sim.vendorBaseUrl(definition.name()),
                                Map.of(definition.credentialVariables().getFirst(), SIM_KEY), null));
                resources.add(adapter);
                AccountLimits account = accounts.open(v, slice);
                // closed with the run: slots of tasks left at the vendor (a stop) are given back, not left to expire
                resources.add(account);
                lanes.put(v.name(), new VendorLane(adapter, v, account, stop));
            }
        } catch (RuntimeException e) {
            resources.forEach(Vendors::closeQuietly);
            if (sim != null) sim.close();
            throw e;
        }
        if (sim != null) resources.add(sim);
        return new Opened(new RunContext(slice, spec, lanes, stop), resources);
    }

    private static VendorDefinition definition(String name) {
        return VendorCatalog.find(name).orElseThrow(() -> new IllegalStateException("unknown vendor '" + name + "'"));
    }

    private VendorDefinition.Connection connection(JobSpec.Vendor v) {
        VendorDefinition definition = definition(v.name());
        Map<String, String> vars = new HashMap<>();
        List<String> names = new ArrayList<>(definition.credentialVariables());
        names.add(definition.baseUrlVariable());
        names.addAll(definition.settingVariables());
        for (String name : names) {
            String value = env.getProperty(name);
            if (value != null) vars.put(name, value);
        }
        return new VendorDefinition.Connection(v.baseUrl(), vars, null);
    }

    private VendorSimulator startSimulator(JobSpec spec) {
        JobSpec.Simulator s = spec.simulator();
        try {
            return VendorSimulator.start(home.resolve("sim"), s.latency(), s.concurrency(), s.faults());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the simulator", e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the first error is the one to report
        }
    }
}
