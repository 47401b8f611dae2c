package io.retouch.sim;

import java.util.List;

/** A validated edit request body (vendors.md §1.2); optional fields carry fal's defaults. {@code seed} may be null. */
public record EditParams(String prompt, List<String> imageUrls, int numImages, String aspectRatio, String resolution,
                         String outputFormat, Long seed) {

    public EditParams {
        imageUrls = List.copyOf(imageUrls);
    }

    /** As worth persisting: the inputs are downloaded, so a data URI only needs enough to recognise it by hand. */
    public EditParams withAbbreviatedImageUrls() {
        List<String> shortUrls = imageUrls.stream()
                .map(url -> url.startsWith("data:") ? InputFetcher.abbreviate(url) : url)
                .toList();
        return new EditParams(prompt, shortUrls, numImages, aspectRatio, resolution, outputFormat, seed);
    }

    public String contentType() {
        return "image/" + outputFormat;
    }
}
