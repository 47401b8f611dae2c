package io.retouch.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 bucket(s) Retouch writes inputs and outputs to. */
public class ObjectStore {

    /** How long {@link #checkBucket} waits for the store's answer, its retries included. */
    static final java.time.Duration CHECK_WITHIN = java.time.Duration.ofSeconds(15);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final StoreReadiness readiness;
    private final Map<String, Boolean> knownBuckets = new ConcurrentHashMap<>();

    /** {@code readiness}: waited for before the first call (the embedded store starts in the background). */
    public ObjectStore(S3Client s3, S3Presigner presigner, StoreReadiness readiness) {
        this.s3 = s3;
        this.presigner = presigner;
        this.readiness = readiness;
    }

    /** The client, once the store answers. */
    private S3Client s3() {
        readiness.await();
        return s3;
    }

    /** Creates the bucket unless it exists; once per bucket per process. */
    public void ensureBucket(String bucket) {
        knownBuckets.computeIfAbsent(bucket, b -> {
            try {
                s3().headBucket(r -> r.bucket(b));
            } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
                try {
                    s3().createBucket(r -> r.bucket(b));
                } catch (BucketAlreadyOwnedByYouException ignored) {
                    // created by a concurrent worker: fine
                }
            }
            return true;
        });
    }

    /**
     * {@link #ensureBucket}, with {@link #CHECK_WITHIN} in all for the store's first answer, retries included:
     * an endpoint that never answers is not waited on for the client's every attempt.
     *
     * @throws RuntimeException (the S3 client's) saying why the bucket cannot be used
     */
    public void checkBucket(String bucket) {
        if (knownBuckets.containsKey(bucket)) return;
        try {
            s3().headBucket(r -> r.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(CHECK_WITHIN)));
            knownBuckets.put(bucket, true);
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            ensureBucket(bucket);
        }
    }

    public void put(S3Location where, byte[] bytes, String contentType, Map<String, String> metadata) {
        ensureBucket(where.bucket());
        // the SDK sends the SHA-256 of the body and the store refuses the upload if it does not match
        s3().putObject(r -> r.bucket(where.bucket()).key(where.key()).contentType(contentType).metadata(metadata)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(bytes));
    }

    public byte[] get(S3Location where) {
        return s3().getObjectAsBytes(r -> r.bucket(where.bucket()).key(where.key())).asByteArray();
    }

    /** The object's bytes as a stream, never all in memory; the caller closes it. */
    public java.io.InputStream open(S3Location where) {
        return s3().getObject(r -> r.bucket(where.bucket()).key(where.key()));
    }

    /**
     * Copies an object inside the store (S3 CopyObject: the bytes never pass through Retouch).
     * Returns false when the source is gone.
     */
    public boolean copy(S3Location from, S3Location to) {
        ensureBucket(to.bucket());
        try {
            s3().copyObject(r -> r.sourceBucket(from.bucket()).sourceKey(from.key())
                    .destinationBucket(to.bucket()).destinationKey(to.key()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** The object's metadata, or null when there is no such object. */
    public HeadObjectResponse head(S3Location where) {
        try {
            return s3().headObject(r -> r.bucket(where.bucket()).key(where.key()));
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** A URL a vendor can GET without credentials, valid for {@code ttl}. */
    public URI presignGet(S3Location where, Duration ttl) {
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(where.bucket()).key(where.key()))).url().toString());
    }
}
