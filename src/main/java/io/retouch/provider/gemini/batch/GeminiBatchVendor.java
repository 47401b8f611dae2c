package io.retouch.provider.gemini.batch;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import io.retouch.provider.gemini.GeminiCapabilities;
import io.retouch.provider.gemini.GeminiSettings;
import java.util.List;

/** Google's Gemini Batch API: the same model and key as {@code gemini}, half the price, hours not seconds. */
public final class GeminiBatchVendor implements VendorDefinition {

    @Override
    public String name() {
        return GeminiBatchAdapter.NAME;
    }

    @Override
    public Capabilities capabilities() {
        return GeminiCapabilities.NANO_BANANA_PRO;
    }

    @Override
    public List<String> credentialVariables() {
        return GeminiSettings.CREDENTIAL_VARIABLES;
    }

    /** The batch window: when a batch is sent (see {@link BatchLimits}). */
    @Override
    public List<String> settingVariables() {
        return List.of(BatchLimits.MAX_ROWS, BatchLimits.MAX_BYTES, BatchLimits.MAX_WAIT);
    }


    @Override
    public VendorAdapter open(Connection connection) {
        BatchLimits limits = BatchLimits.from(connection.env());
        return new GeminiBatchAdapter(GeminiSettings.from(this, connection, GeminiBatchAdapter.DEFAULT_REQUEST_TIMEOUT),
                limits);
    }
}
