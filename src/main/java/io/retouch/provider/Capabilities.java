package io.retouch.provider;

import java.util.Set;

/** What a vendor accepts. Used to reject rows at ingest, before any money is spent. */
public record Capabilities(
        Set<String> aspectRatios,
        Set<String> resolutions,
        Set<String> outputFormats,
        int maxInputImages,
        int maxNumImages,
        int maxPromptLength,
        boolean seed) {

    /** The reason this vendor cannot serve the request, or null when it can. */
    public String refusal(EditRequest r) {
        if (r.prompt() == null || r.prompt().isBlank()) return "prompt is empty";
        if (r.prompt().length() > maxPromptLength)
            return "prompt has " + r.prompt().length() + " characters; the vendor accepts at most " + maxPromptLength;
        if (r.imageUrls().isEmpty()) return "no input image";
        if (r.imageUrls().size() > maxInputImages)
            return r.imageUrls().size() + " input images; the vendor accepts at most " + maxInputImages;
        if (!aspectRatios.contains(r.aspectRatio()))
            return "aspect ratio '" + r.aspectRatio() + "' is not one of " + sorted(aspectRatios);
        if (!resolutions.contains(r.resolution()))
            return "resolution '" + r.resolution() + "' is not one of " + sorted(resolutions);
        if (!outputFormats.contains(r.outputFormat()))
            return "output format '" + r.outputFormat() + "' is not one of " + sorted(outputFormats);
        if (r.numImages() < 1 || r.numImages() > maxNumImages)
            return "num_images " + r.numImages() + " is outside 1.." + maxNumImages;
        if (r.seed() != null && !seed) return "the vendor does not accept a seed";
        return null;
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
