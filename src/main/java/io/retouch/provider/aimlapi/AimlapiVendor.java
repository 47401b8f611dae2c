package io.retouch.provider.aimlapi;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * AIMLAPI's synchronous image API for {@code google/nano-banana-pro-edit} (vendors.md §6): one
 * long POST that answers with the finished images.
 */
public final class AimlapiVendor implements VendorDefinition {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.aimlapi.com");
    public static final String KEY_VARIABLE = "AIMLAPI_API_KEY";
    /**
     * The submit waits for the whole edit (tens of seconds, 4K and four images longer): five
     * minutes covers it. AIMLAPI itself gives up earlier with a 504.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "aimlapi";
    }

    @Override
    public Capabilities capabilities() {
        return AimlapiCapabilities.NANO_BANANA_PRO_EDIT;
    }

    @Override
    public List<String> credentialVariables() {
        return List.of(KEY_VARIABLE);
    }

    @Override
    public String simulatorPath() {
        return "/aimlapi";
    }

    @Override
    public VendorAdapter open(Connection connection) {
        String key = connection.credential("AIMLAPI", credentialVariables());
        URI base = connection.baseUrl(this, DEFAULT_BASE_URL);
        return new AimlapiAdapter(base, key, connection.requestTimeout(DEFAULT_REQUEST_TIMEOUT));
    }
}
