package io.retouch.vendor.sinancode;

import io.retouch.vendor.Capabilities;

import java.util.Set;

/** What SinanCode's Nano Banana Pro endpoint accepts (vendors.md §4.2 (b), §8). */
final class SinanCodeCapabilities {

    static final Capabilities NANO_BANANA_PRO = new Capabilities(
            // No "auto": the Pro page lists only the ten fixed ratios (default 1:1).
            Set.of("21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"),
            Set.of("1K", "2K", "4K"),
            // Sent as "jpg" (SinanCodeJson translates); no webp.
            Set.of("png", "jpeg"),
            8,
            1, // one image per task; no num_images field
            5_000,
            false); // no seed field

    private SinanCodeCapabilities() {
    }
}
