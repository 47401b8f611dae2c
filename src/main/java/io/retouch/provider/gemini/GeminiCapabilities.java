package io.retouch.provider.gemini;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditVocabulary;
import java.util.Set;

/**
 * What {@code gemini-3-pro-image-preview} accepts through the Gemini API (vendors.md §7.1, §8), for
 * the synchronous and the Batch surface alike.
 */
public final class GeminiCapabilities {

    public static final Capabilities NANO_BANANA_PRO = new Capabilities(
            // "auto" is sent by leaving imageConfig.aspectRatio out: the model then follows the input.
            Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS),
            // The Gemini API has no output format field (outputMimeType is Vertex-only): images come back PNG.
            Set.of("png"),
            14,
            // One image per call; more than one per row is emulated by the pipeline splitting rows.
            1,
            // Google counts tokens, not characters (65,536 input tokens for this model); 10,000
            // characters stays far below that and matches the largest limit any relay documents.
            10_000,
            // generationConfig.seed is part of the API; whether it makes image output repeatable is
            // unknown (vendors.md §7.1). It is sent when given; it is never a promise.
            true);

    private GeminiCapabilities() {
    }
}
