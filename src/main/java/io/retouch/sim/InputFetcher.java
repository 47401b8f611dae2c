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

        InputProblem(String message) {
            this("file_download_error", message);
        }
    }

    private final HttpClient http;

    public InputFetcher(HttpClient http) {
        this.http = http;
    }

    /** Writes the image to {@code target}; the caller deletes what is left there when this fails. */
    public void fetch(String url, Path target) throws InputProblem, IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        if (url.startsWith("data:")) {
            Files.write(target, decodeDataUri(url));
        } else {
            download(url, target);
        }
        // Only sniffs the header: full decoding waits until the edit actually runs.
        try (ImageInputStream in = ImageIO.createImageInputStream(target.toFile())) {
            if (in == null || !ImageIO.getImageReaders(in).hasNext())
                throw new InputProblem("image_load_error", "The file at " + abbreviate(url)
                        + " is not an image format the model can read");
        }
    }

    private void download(String url, Path target) throws InputProblem, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InputProblem("Invalid image URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
            throw new InputProblem("Unsupported image URL scheme: " + url);
        int status;
        try {
            status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(target)).statusCode();
        } catch (IOException e) {
            throw new InputProblem("Failed to download the file from " + url + ": " + e);
        }
        if (status / 100 != 2)
            throw new InputProblem("Failed to download the file: HTTP " + status + " from " + url);
    }

    private static byte[] decodeDataUri(String uri) throws InputProblem {
        int comma = uri.indexOf(',');
        if (comma < 0)
            throw new InputProblem("Malformed data URI (no comma)");
        if (!uri.substring(0, comma).endsWith(";base64"))
            throw new InputProblem("Only base64 data URIs are supported");
        try {
            return Base64.getDecoder().decode(uri.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InputProblem("Malformed data URI: " + e.getMessage());
        }
    }

    public static String abbreviate(String url) {
        return url.length() <= 80 ? url : url.substring(0, 77) + "...";
    }
}
