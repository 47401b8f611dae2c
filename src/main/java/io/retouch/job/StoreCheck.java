package io.retouch.job;

import io.retouch.inputs.StoreReachability;
import io.retouch.spec.JobSpec;
import io.retouch.storage.ObjectStore;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * An external store that does not answer for a run's output bucket (wrong endpoint, refused credentials)
 * stops `run`, `restart` and `rerun` before anything is recorded, not at the run's first input or output.
 * The embedded store is Retouch's own, and still starting in the background: it is not waited for here.
 */
@Component
class StoreCheck {

    private final StoreReachability store;
    private final ObjectStore objects;

    StoreCheck(StoreReachability store, ObjectStore objects) {
        this.store = store;
        this.objects = objects;
    }

    /** The spec problem to report, or none. */
    List<String> problems(JobSpec spec) {
        if (store.embedded() || spec.output() == null) return List.of();
        String bucket = spec.output().bucket();
        try {
            objects.checkBucket(bucket);
            return List.of();
        } catch (RuntimeException e) {
            return List.of("output.bucket: the S3 store does not answer for bucket '" + bucket + "' ("
                    + RunFailures.describe(e) + "); check RETOUCH_S3_ENDPOINT, RETOUCH_S3_ACCESS_KEY and "
                    + "RETOUCH_S3_SECRET_KEY (docs/production.md)");
        }
    }
}
