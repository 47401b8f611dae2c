package io.retouch.provider;

import java.util.List;

/**
 * One edit as every vendor sees it: the prompt, input image URLs the vendor can fetch
 * (http(s) or presigned S3), and the output parameters. {@code seed} may be null.
 */
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
