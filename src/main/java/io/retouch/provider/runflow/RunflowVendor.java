package io.retouch.provider.runflow;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;

import java.net.URI;
import java.util.List;

/** Runflow's runs API for {@code google/nano-banana-pro/edit} (vendors.md §3). Key in {@code RUNFLOW_API_KEY}. */
public final class RunflowVendor implements VendorDefinition {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.runflow.io");

    @Override
    public String name() {
        return "runflow";
    }

    @Override
    public Capabilities capabilities() {
        return RunflowCapabilities.NANO_BANANA_PRO_EDIT;
    }

    @Override
    public List<String> credentialVariables() {
        return List.of("RUNFLOW_API_KEY");
    }

    @Override
    public String simulatorPath() {
        return "/runflow";
    }

    @Override
    public VendorAdapter open(Connection connection) {
        URI baseUrl = connection.baseUrl(this, DEFAULT_BASE_URL);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()))
            throw new IllegalArgumentException("Runflow base URL must be http(s): " + baseUrl);
        String key = connection.credential("Runflow", credentialVariables());
        return new RunflowAdapter(baseUrl, key, connection.requestTimeout(RunflowAdapter.DEFAULT_REQUEST_TIMEOUT));
    }
}
