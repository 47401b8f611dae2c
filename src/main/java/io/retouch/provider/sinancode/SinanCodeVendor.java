package io.retouch.provider.sinancode;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * SinanCode's relay of kie.ai's Nano Banana Pro (vendors.md §4), endpoint
 * {@code POST /v1/generate/k/nano-banana-pro}. Bearer key from {@code SINANCODE_API_KEY}.
 */
public final class SinanCodeVendor implements VendorDefinition {

    /** The real host; paths start with {@code /v1}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.sinancode.com");
    /** Submit only enqueues, so answers come in well under this. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "sinancode";
    }

    @Override
    public Capabilities capabilities() {
        return SinanCodeCapabilities.NANO_BANANA_PRO;
    }

    @Override
    public List<String> credentialVariables() {
        return List.of("SINANCODE_API_KEY");
    }

    @Override
    public String simulatorPath() {
        return "/sinancode";
    }

    @Override
    public VendorAdapter open(Connection connection) {
        URI base = connection.baseUrl(this, DEFAULT_BASE_URL);
        String key = connection.credential("SinanCode", credentialVariables());
        return new SinanCodeAdapter(base, key, connection.requestTimeout(DEFAULT_REQUEST_TIMEOUT));
    }
}
