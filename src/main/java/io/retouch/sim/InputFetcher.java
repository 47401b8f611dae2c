package io.retouch.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Fetches an input image at submit time, as fal does before queueing: http(s) URLs and
 * {@code data:} URIs. Streams to disk so large inputs do not sit in memory.
 */
public final class InputFetcher {

    /** Why an input could not be used; {@code type} is the fal error type reported in the 422. */
    public static final class InputProblem extends Exception {
        final String type;

        InputProblem(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    public InputFetcher(HttpClient http) {
        this.http = http;
    }

    public void fetch(String url, Path target) throws InputProblem, IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (url.startsWith("data:")) {
                Files.write(temp, decodeDataUri(url));
            } else {
                download(url, temp);
            }
            requireImage(temp, url);
            SimRequestStore.moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void download(String url, Path temp) throws InputProblem, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InputProblem("file_download_error", "Invalid image URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new InputProblem("file_download_error", "Unsupported image URL scheme: " + url);
        }
        try {
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(temp));
            if (response.statusCode() / 100 != 2) {
                throw new InputProblem("file_download_error",
                        "Failed to download the file: HTTP " + response.statusCode() + " from " + url);
            }
        } catch (IOException e) {
            throw new InputProblem("file_download_error", "Failed to download the file from " + url + ": " + e);
        }
    }

    private static byte[] decodeDataUri(String uri) throws InputProblem {
        int comma = uri.indexOf(',');
        if (comma < 0) {
            throw new InputProblem("file_download_error", "Malformed data URI (no comma)");
        }
        if (!uri.substring(0, comma).endsWith(";base64")) {
            throw new InputProblem("file_download_error", "Only base64 data URIs are supported");
        }
        try {
            return Base64.getDecoder().decode(uri.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InputProblem("file_download_error", "Malformed data URI: " + e.getMessage());
        }
    }

    /** Only sniffs the header: full decoding waits until the edit actually runs. */
    private static void requireImage(Path file, String url) throws InputProblem, IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null || !ImageIO.getImageReaders(in).hasNext()) {
                throw new InputProblem("image_load_error", "The file at " + abbreviate(url)
                        + " is not an image format the model can read");
            }
        }
    }

    public static String abbreviate(String url) {
        return url.length() <= 80 ? url : url.substring(0, 77) + "...";
    }
}
