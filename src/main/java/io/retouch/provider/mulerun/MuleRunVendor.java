package io.retouch.provider.mulerun;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * MuleRun (MuleRouter) for Google's {@code nano-banana-pro/edit} (vendors.md §2): an async task API
 * with Bearer auth. Key from {@code MULERUN_API_KEY}; base URL from {@code RETOUCH_MULERUN_BASE_URL},
 * else {@code https://api.mulerun.com}.
 */
public final class MuleRunVendor implements VendorDefinition {

    public static final String NAME = "mulerun";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.mulerun.com");
    public static final String KEY_VARIABLE = "MULERUN_API_KEY";
    /** Submit only creates the task (MuleRun fetches the inputs itself), so answers come well within this. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capabilities capabilities() {
        return MuleRunCapabilities.NANO_BANANA_PRO_EDIT;
    }

    @Override
    public List<String> credentialVariables() {
        return List.of(KEY_VARIABLE);
    }

    @Override
    public String simulatorPath() {
        return "/mulerun";
    }

    @Override
    public VendorAdapter open(Connection connection) {
        URI baseUrl = connection.baseUrl(this, DEFAULT_BASE_URL);
        String key = connection.credential("MuleRun", credentialVariables());
        return new MuleRunAdapter(baseUrl, key, connection.requestTimeout(DEFAULT_REQUEST_TIMEOUT));
    }
}
