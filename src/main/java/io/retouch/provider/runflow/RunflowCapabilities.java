package io.retouch.provider.runflow;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;

import java.util.Set;

/**
 * What Runflow's {@code google/nano-banana-pro/edit} accepts (vendors.md §3.2, §8). Runflow mirrors
 * fal's schema for this model, so it accepts what fal does.
 */
final class RunflowCapabilities {

    static final Capabilities NANO_BANANA_PRO_EDIT = new Capabilities(
            Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS),
            Set.of("jpeg", "png", "webp"),
            14, // Runflow publishes no limit; 14 is the model's own (Google)
            4,
            // No published prompt limit; 10,000 is the largest any relay of this model documents (kie.ai).
            10_000,
            true);

    private RunflowCapabilities() {
    }
}
