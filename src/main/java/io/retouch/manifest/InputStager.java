package io.retouch.manifest;

import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts local input images into the bucket so vendors can fetch them through presigned URLs.
 * Keys are content-addressed, so staging the same file twice (a re-run chunk, a repeated image)
 * writes the same object.
 */
public class InputStager {

    /** Largest input accepted; {@link RowValidator} rejects bigger files before they get here. */
    static final long MAX_BYTES = 30L * 1024 * 1024;

    /** Rows often reuse an image: each file is read, hashed and checked in S3 once per ingest step. */
    private static final int REMEMBERED = 10_000;

    private final ObjectStore store;
    private final Map<Path, S3Location> staged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, S3Location> eldest) {
            return size() > REMEMBERED;
        }
    };

    private final boolean upload;

    public InputStager(ObjectStore store) {
        this(store, true);
    }

    private InputStager(ObjectStore store, boolean upload) {
        this.store = store;
        this.upload = upload;
    }

    /** Names each file's object as staging would, and writes nothing: for `run --dry-run`. */
    static InputStager namingOnly(ObjectStore store) {
        return new InputStager(store, false);
    }

    public S3Location stage(Path file, String bucket) {
        S3Location known = staged.get(file);
        if (known != null && known.bucket().equals(bucket)) return known;
        S3Location where = upload(file, bucket);
        staged.put(file, where);
        return where;
    }

    private S3Location upload(Path file, String bucket) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')).toLowerCase() : "";
            S3Location where = new S3Location(bucket, "inputs/" + sha + ext);
            if (upload && store.head(where) == null) {
                String type = Files.probeContentType(file);
                store.put(where, bytes, type == null ? "application/octet-stream" : type, Map.of("source-name", name));
            }
            return where;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
