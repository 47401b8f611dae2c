package io.retouch.flow;

import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.task.TaskRequest;
import io.retouch.provider.EditRequest;
import java.time.Duration;
import java.util.List;

/** Makes a stored task request into what a vendor receives: s3:// inputs become presigned URLs. */
final class InputUrls {

    /** Long enough for a slow vendor queue; SigV4 allows at most 7 days. */
    static final Duration TTL = Duration.ofHours(12);

    private final ObjectStore store;

    InputUrls(ObjectStore store) {
        this.store = store;
    }

    EditRequest resolve(TaskRequest r) {
        List<String> urls = r.inputs().stream()
                .map(in -> S3Location.isS3Uri(in) ? store.presignGet(S3Location.parse(in), TTL).toString() : in)
                .toList();
        return new EditRequest(r.prompt(), urls, r.aspectRatio(), r.resolution(), r.outputFormat(), r.numImages(), r.seed());
    }
}
