package io.retouch.manifest;

import io.retouch.manifest.RowValidator.RowException;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a row's {@code images}, as the task will hold it: an http(s) URL, an s3:// URI that
 * exists, or a local file staged into the bucket. Anything else is a {@link RowException}.
 */
final class InputResolver {

    /** A URI scheme (RFC 3986) of two characters or more: one letter before ':' is a drive, as in C:\images. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):");

    private final Path manifestDir;
    private final String bucket;
    private final InputStager stager;
    private final ObjectStore store;

    InputResolver(Path manifestDir, String bucket, InputStager stager, ObjectStore store) {
        this.manifestDir = manifestDir;
        this.bucket = bucket;
        this.stager = stager;
        this.store = store;
    }

    /**
     * Anything that starts like a URI scheme is read as one, in any case, so that ftp://… is refused
     * as ftp rather than looked for as a file; a local file whose name has a colon is written ./name.
     */
    String resolve(String written) {
        Matcher scheme = SCHEME.matcher(written);
        if (!scheme.lookingAt()) return local(written);
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        String input = name + written.substring(scheme.end(1));
        return switch (name) {
            case "http", "https" -> url(input);
            case "s3" -> s3(input);
            default -> throw new RowException("image '" + written + "' has the scheme '" + scheme.group(1)
                    + "', which is not supported; use http://, https://, s3:// or a local file path");
        };
    }

    private static String url(String input) {
        try {
            URI uri = URI.create(input);
            uri.toURL();
            if (uri.getHost() != null) return input;
        } catch (IllegalArgumentException | MalformedURLException e) {
            // rejected below, as is a URL without a host (http:mug.png)
        }
        throw new RowException("image '" + input + "' is not a valid URL");
    }

    private String s3(String input) {
        S3Location where;
        try {
            where = S3Location.parse(input);
        } catch (IllegalArgumentException e) {
            throw new RowException("image " + e.getMessage());
        }
        if (store.head(where) == null) throw new RowException("image " + input + " does not exist");
        return input;
    }

    private String local(String input) {
        Path file;
        try {
            file = manifestDir.resolve(input).normalize();
        } catch (InvalidPathException e) {
            throw new RowException("image '" + input + "' is not a valid file path: " + e.getReason());
        }
        if (!Files.isRegularFile(file)) throw new RowException("image file " + file + " not found");
        if (!ImageFiles.isImage(file)) throw new RowException("image file " + file + " is not a readable image");
        try {
            if (Files.size(file) > InputStager.MAX_BYTES)
                throw new RowException("image file " + file + " is larger than 30 MiB");
        } catch (IOException e) {
            throw new RowException("image file " + file + " cannot be read: " + e.getMessage());
        }
        return stager.stage(file, bucket).toString();
    }
}
