package io.retouch.provider.kie;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;

import java.util.Set;

/** What kie.ai's {@code nano-banana-pro} market model accepts (vendors.md §5.2, §8). */
final class KieCapabilities {

    static final Capabilities NANO_BANANA_PRO = new Capabilities(
            Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS),
            // kie spells jpeg "jpg" on the wire (KieJson translates); it has no webp output.
            Set.of("png", "jpeg"),
            8,
            1, // one image per task; no num_images field
            10_000,
            false); // no seed field

    private KieCapabilities() {
    }
}
