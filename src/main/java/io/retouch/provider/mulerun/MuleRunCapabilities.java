package io.retouch.provider.mulerun;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;
import java.util.Set;

/** What MuleRun's {@code nano-banana-pro/edit} accepts (vendors.md §2.2, §8). */
final class MuleRunCapabilities {

    static final Capabilities NANO_BANANA_PRO_EDIT = new Capabilities(
            // No "auto": the endpoint's enum lists only the ten fixed ratios (default 1:1).
            Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS),
            // No 4K on this endpoint.
            Set.of("1K", "2K"),
            // There is no output_format field; the images MuleRun delivers are PNG.
            Set.of("png"),
            // The schema says 1–10 images, the prose 14: we send no more than the schema allows.
            10,
            // One image per task; the lead splits rows asking for more.
            1,
            // MuleRun publishes no prompt limit; 10,000 is the largest any relay of this model documents.
            10_000,
            false);

    private MuleRunCapabilities() {
    }
}
