package io.retouch.provider.fal;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;

import java.util.Set;

/** What {@code fal-ai/nano-banana-pro/edit} accepts (vendors.md §1.2, §8). */
final class FalCapabilities {

    static final Capabilities NANO_BANANA_PRO_EDIT = new Capabilities(
            Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS),
            Set.of("jpeg", "png", "webp"),
            14, // fal publishes no limit; 14 is the model's own (Google)
            4,
            // fal publishes no prompt limit. 10,000 is the largest any relay of this model documents
            // (kie.ai); it keeps absurd rows out at ingest without refusing prompts fal would take.
            10_000,
            true);

    private FalCapabilities() {
    }
}
