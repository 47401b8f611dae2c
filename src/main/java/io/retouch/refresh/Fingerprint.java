package io.retouch.refresh;

import io.retouch.task.TaskRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of what a row asks for: the bytes of its inputs (not their URLs, which change),
 * its prompt and output parameters, and how many tasks its vendor split it into. Two rows with the
 * same fingerprint order the same edit.
 */
public final class Fingerprint {

    /** Changes whenever what goes into the hash changes, so old fingerprints never match new ones by accident. */
    private static final String VERSION = "retouch-fingerprint-1";

    private Fingerprint() {
    }

    /** @param inputDigests the SHA-256 of each input's bytes, in the row's order */
    public static String of(TaskRequest request, List<String> inputDigests, int parts) {
        MessageDigest sha = sha256();
        // each field length-prefixed: no two different requests can write the same bytes
        for (String field : List.of(VERSION, String.join(",", inputDigests), request.prompt(), request.aspectRatio(),
                request.resolution(), request.outputFormat(), Integer.toString(request.numImages()),
                String.valueOf(request.seed()), Integer.toString(parts))) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
