package io.retouch.provider.sinancode;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;

import java.util.Set;

/** What SinanCode's Nano Banana Pro endpoint accepts (vendors.md §4.2 (b), §8). */
final class SinanCodeCapabilities {

    static final Capabilities NANO_BANANA_PRO = new Capabilities(
            // No "auto": the Pro page lists only the ten fixed ratios (default 1:1).
            Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS),
            // Sent as "jpg" (SinanCodeJson translates); no webp.
            Set.of("png", "jpeg"),
            8,
            1, // one image per task; no num_images field
            5_000,
            false); // no seed field

    private SinanCodeCapabilities() {
    }
}
