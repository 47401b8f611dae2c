package io.retouch.provider.gemini;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.util.List;

/** Google's Gemini API, synchronous {@code generateContent} (vendors.md §7.1). */
public final class GeminiVendor implements VendorDefinition {

    @Override
    public String name() {
        return GeminiAdapter.NAME;
    }

    @Override
    public Capabilities capabilities() {
        return GeminiCapabilities.NANO_BANANA_PRO;
    }

    @Override
    public List<String> credentialVariables() {
        return GeminiSettings.CREDENTIAL_VARIABLES;
    }


    @Override
    public VendorAdapter open(Connection connection) {
        return new GeminiAdapter(GeminiSettings.from(this, connection, GeminiAdapter.DEFAULT_REQUEST_TIMEOUT));
    }
}
