package io.retouch.vendor.fal;

import io.retouch.vendor.Capabilities;

import java.util.Set;

/** What {@code fal-ai/nano-banana-pro/edit} accepts (vendors.md §1.2, §8). */
final class FalCapabilities {

    static final Capabilities NANO_BANANA_PRO_EDIT = new Capabilities(
            Set.of("auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"),
            Set.of("1K", "2K", "4K"),
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
