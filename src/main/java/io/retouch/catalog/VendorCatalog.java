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
import java.util.Set;

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

    /**
     * Vendors that queue work beyond the account's concurrency instead of refusing it, so a spec may
     * keep tasks queued ahead there: fal ("the queue never rejects for concurrency", vendors.md §fal).
     */
    private static final Set<String> QUEUEING = Set.of("fal");

    private VendorCatalog() {
    }

    /** Whether {@code name} queues work beyond its concurrency (see {@link #QUEUEING}). */
    public static boolean queuesBeyondConcurrency(String name) {
        return QUEUEING.contains(name);
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
