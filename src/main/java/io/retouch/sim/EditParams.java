package io.retouch.sim;

import java.util.List;

/** A validated edit request body (vendors.md §1.2); optional fields carry fal's defaults. {@code seed} may be null. */
record EditParams(String prompt, List<String> imageUrls, int numImages, String aspectRatio, String resolution,
                  String outputFormat, Long seed) {

    EditParams {
        imageUrls = List.copyOf(imageUrls);
    }

    String contentType() {
        return "image/" + outputFormat;
    }
}
