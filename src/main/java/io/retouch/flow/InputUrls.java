package io.retouch.flow;

import io.retouch.inputs.InputDelivery;
import io.retouch.inputs.StoreReachability;
import io.retouch.provider.EditRequest;
import io.retouch.storage.ImageProbe;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.task.Task;
import io.retouch.task.TaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Makes a stored task request into what a vendor receives: each s3:// input becomes what
 * {@link InputDelivery} decides for the task's vendor — a presigned URL, or a {@code data:} URI read
 * from the store now (held only for this submit, never written to the task row).
 */
final class InputUrls {

    /** Long enough for a slow vendor queue; SigV4 allows at most 7 days. */
    static final Duration TTL = Duration.ofHours(12);

    private final ObjectStore store;
    private final StoreReachability reach;

    InputUrls(ObjectStore store, StoreReachability reach) {
        this.store = store;
        this.reach = reach;
    }

    /** Fails (nothing sent) when an input cannot be read or the vendor cannot be given it. */
    EditRequest resolve(RunContext run, Task task) {
        TaskRequest r = task.request();
        InputDelivery.Decision decision = null;
        List<String> urls = new ArrayList<>(r.inputs().size());
        for (String in : r.inputs()) {
            if (!S3Location.isS3Uri(in)) {
                urls.add(in);
                continue;
            }
            if (decision == null) decision = InputDelivery.decide(task.vendor(), run.spec().simulated(), reach.current());
            S3Location where = S3Location.parse(in);
            urls.add(switch (decision.way()) {
                case PRESIGNED_URL -> store.presignGet(where, TTL).toString();
                case INLINE -> dataUri(store.get(where));
                case REFUSED -> throw new IllegalStateException(decision.reason());
            });
        }
        return new EditRequest(r.prompt(), urls, r.aspectRatio(), r.resolution(), r.outputFormat(), r.numImages(), r.seed());
    }

    /** The type is read from the bytes: a staged file's stored content type is only a guess from its name. */
    static String dataUri(byte[] bytes) {
        ImageProbe probe = ImageProbe.of(bytes);
        String type = probe == null ? "application/octet-stream" : probe.contentType();
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
