package io.retouch.provider.kie;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** kie.ai's market API for {@code nano-banana-pro} (vendors.md §5). Bearer key from {@code KIE_API_KEY}. */
public final class KieVendor implements VendorDefinition {

    /** The real host; paths start with {@code /api/v1}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.kie.ai");
    /** createTask only enqueues (kie fetches the inputs later), so answers come in well under this. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "kie";
    }

    @Override
    public Capabilities capabilities() {
        return KieCapabilities.NANO_BANANA_PRO;
    }

    @Override
    public List<String> credentialVariables() {
        return List.of("KIE_API_KEY");
    }

    @Override
    public String simulatorPath() {
        return "/kie";
    }

    @Override
    public VendorAdapter open(Connection connection) {
        URI base = connection.baseUrl(this, DEFAULT_BASE_URL);
        String key = connection.credential("kie.ai", credentialVariables());
        return new KieAdapter(base, key, connection.requestTimeout(DEFAULT_REQUEST_TIMEOUT));
    }
}
