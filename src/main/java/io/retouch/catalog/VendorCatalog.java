package io.retouch.catalog;

import io.retouch.provider.VendorDefinition;
import io.retouch.provider.aimlapi.AimlapiVendor;
import io.retouch.provider.fal.FalVendor;
import io.retouch.provider.gemini.GeminiVendor;
import io.retouch.provider.gemini.batch.GeminiBatchVendor;
import io.retouch.provider.runflow.RunflowVendor;
import io.retouch.provider.mulerun.MuleRunVendor;
import io.retouch.provider.kie.KieVendor;
import io.retouch.provider.sinancode.SinanCodeVendor;
import java.util.List;
import java.util.Optional;

/** Every vendor Retouch can use, by the name job specs give it. The one place that knows them all. */
public final class VendorCatalog {

    private static final List<VendorDefinition> ALL = List.of(
            new FalVendor(),
            new RunflowVendor(),
            new MuleRunVendor(),
            new AimlapiVendor(),
            new KieVendor(),
            new SinanCodeVendor(),
            new GeminiVendor(),
            new GeminiBatchVendor());

    private VendorCatalog() {
    }

    public static List<VendorDefinition> all() {
        return ALL;
    }

    public static Optional<VendorDefinition> find(String name) {
        return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(VendorDefinition::name).sorted().toList();
    }
}
