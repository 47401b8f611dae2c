package io.retouch.task;

import java.util.List;

/**
 * The edit a task asks for, as stored in the task row. Inputs are kept as given or as placed in
 * the bucket ({@code s3://…}); they become vendor-fetchable URLs only at submit time, because
 * presigned URLs expire.
 */
public record TaskRequest(
        String prompt,
        List<String> inputs,
        String aspectRatio,
        String resolution,
        String outputFormat,
        int numImages,
        Long seed) {

    public TaskRequest {
        inputs = List.copyOf(inputs);
    }
}
