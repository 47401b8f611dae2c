package io.retouch.storage;

/** One stored output image of a task, as recorded in the output table. */
public record OutputRecord(
        long taskId,
        int index,
        long runId,
        S3Location location,
        String sha256,
        String contentType,
        long sizeBytes,
        Integer width,
        Integer height) {
}
