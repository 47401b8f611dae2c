package io.retouch.catalog;

import io.retouch.provider.VendorDefinition;
import io.retouch.provider.aimlapi.AimlapiAdapter;
import io.retouch.provider.fal.FalAdapter;
import io.retouch.provider.gemini.GeminiAdapter;
import io.retouch.provider.gemini.GeminiBatchAdapter;
import io.retouch.provider.kie.KieAdapter;
import io.retouch.provider.kie.SinanCodeAdapter;
import io.retouch.provider.mulerun.MuleRunAdapter;
import io.retouch.provider.runflow.RunflowAdapter;
import io.retouch.provider.runflow.RunflowRunsAdapter;
import java.util.List;
import java.util.Optional;

/** Every vendor Retouch can use, by the name job specs give it. The one place that knows them all. */
public final class VendorCatalog {

    private static final List<VendorDefinition> ALL = List.of(
            FalAdapter.SPEC,
            RunflowAdapter.SPEC,
            RunflowRunsAdapter.SPEC,
            MuleRunAdapter.SPEC,
            AimlapiAdapter.SPEC,
            KieAdapter.SPEC,
            SinanCodeAdapter.SPEC,
            SinanCodeAdapter.PRO_SPEC,
            GeminiAdapter.SPEC,
            GeminiBatchAdapter.SPEC);

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
