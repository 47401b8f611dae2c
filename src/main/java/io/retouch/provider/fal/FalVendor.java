package io.retouch.provider.fal;

import io.retouch.provider.Capabilities;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** fal.ai's queue API for {@code fal-ai/nano-banana-pro/edit}. Credentials as fal's own clients read them. */
public final class FalVendor implements VendorDefinition {

    @Override
    public String name() {
        return "fal";
    }

    @Override
    public Capabilities capabilities() {
        return FalCapabilities.NANO_BANANA_PRO_EDIT;
    }

    @Override
    public List<String> credentialVariables() {
        return List.of("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET");
    }

    @Override
    public String simulatorPath() {
        return "/fal";
    }

    @Override
    public VendorAdapter open(Connection connection) {
        Map<String, String> env = new HashMap<>(connection.env());
        FalSettings settings = FalSettings.fromEnvironment(env, connection.baseUrl());
        return new FalAdapter(new FalSettings(settings.queueBaseUrl(), settings.apiKey(),
                connection.requestTimeout(settings.requestTimeout()), settings.modelPath(), settings.submitSubPath(),
                settings.minPollInterval()));
    }
}
