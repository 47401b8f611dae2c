package io.retouch.flow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** Downloads a vendor's output (http(s) or data: URL) right away: vendor URLs expire. */
final class OutputFetcher {

    /** The vendor no longer serves the output: it cannot be fetched, however often we try. */
    static final class ExpiredException extends Exception {
        ExpiredException(String message) {
            super(message);
        }
    }

    private final HttpClient http;

    OutputFetcher(HttpClient http) {
        this.http = http;
    }

    byte[] fetch(String url) throws IOException, InterruptedException, ExpiredException {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) throw new IOException("unsupported data: URL");
            return Base64.getDecoder().decode(url.substring(comma + 1));
        }
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 404 || status == 410 || status == 403)
            throw new ExpiredException("output URL answered HTTP " + status);
        if (status / 100 != 2) throw new IOException("output URL answered HTTP " + status);
        return response.body();
    }
}
