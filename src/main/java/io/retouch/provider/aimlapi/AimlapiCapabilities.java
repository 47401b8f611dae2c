package io.retouch.provider.aimlapi;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;
import java.util.Set;

/** What AIMLAPI's {@code google/nano-banana-pro-edit} accepts (vendors.md §6.2, §8). */
final class AimlapiCapabilities {

    static final Capabilities NANO_BANANA_PRO_EDIT = new Capabilities(
            // AIMLAPI's enum has the ten fixed ratios and no "auto" (default 1:1).
            Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS),
            // AIMLAPI has no output_format field; its outputs are PNG (the documented example is a .png
            // with content_type image/png), so only rows asking for png can be served as asked.
            Set.of("png"),
            14,
            4,
            // AIMLAPI publishes no prompt limit; 10,000 is the largest any relay of this model documents
            // (kie.ai), as for fal.
            10_000,
            // No seed field.
            false);

    private AimlapiCapabilities() {
    }
}
