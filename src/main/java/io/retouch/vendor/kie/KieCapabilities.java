package io.retouch.vendor.kie;

import io.retouch.vendor.Capabilities;

import java.util.Set;

/** What kie.ai's {@code nano-banana-pro} market model accepts (vendors.md §5.2, §8). */
final class KieCapabilities {

    static final Capabilities NANO_BANANA_PRO = new Capabilities(
            Set.of("auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"),
            Set.of("1K", "2K", "4K"),
            // kie spells jpeg "jpg" on the wire (KieJson translates); it has no webp output.
            Set.of("png", "jpeg"),
            8,
            1, // one image per task; no num_images field
            10_000,
            false); // no seed field

    private KieCapabilities() {
    }
}
