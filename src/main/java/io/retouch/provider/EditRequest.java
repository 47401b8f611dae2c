package io.retouch.provider;

import java.util.List;

/** One edit as every vendor sees it; the input image URLs are ones the vendor can fetch; {@code seed} may be null. */
public record EditRequest(
        String prompt,
        List<String> imageUrls,
        String aspectRatio,
        String resolution,
        String outputFormat,
        int numImages,
        Long seed) {

    public EditRequest {
        imageUrls = List.copyOf(imageUrls);
    }
}
