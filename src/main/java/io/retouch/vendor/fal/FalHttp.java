package io.retouch.vendor.fal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Makes exactly one HTTP exchange with fal per call and reports whatever happened as a
 * {@link FalReply}. It never retries and never follows redirects: replaying a paid POST is the
 * pipeline's decision, taken against durable state.
 */
final class FalHttp implements AutoCloseable {

    /** Connecting is quick or hopeless; a long request timeout should not stretch it. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final FalSettings settings;
    private final HttpClient client;

    FalHttp(FalSettings settings) {
        this.settings = settings;
        Duration timeout = settings.requestTimeout();
        this.client = HttpClient.newBuilder()
                // As fal-js does. The JDK's HTTP/2 default would add "Upgrade: h2c" to plain-http
                // requests, which the simulator and some proxies handle badly.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code jsonBody} is sent with POST only; GET and PUT (cancel) carry no body. */
    FalReply exchange(FalOperation operation, URI url, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Key " + settings.apiKey())
                .header("Accept", "application/json");
        switch (operation.method) {
            case "POST" -> request.header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
            case "PUT" -> request.PUT(BodyPublishers.noBody());
            default -> request.GET();
        }
        long start = System.nanoTime();
        try {
            var response = client.send(request.build(), BodyHandlers.ofString());
            return FalReply.answered(operation, url, response.statusCode(), response.headers(),
                    settings.redact(response.body()), millisSince(start));
        } catch (IOException e) {
            return FalReply.failed(operation, url, nothingSent(e), settings.redact(describe(e)), millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FalReply.failed(operation, url, false, "interrupted while waiting for fal", millisSince(start));
        }
    }

    /**
     * Only a failure to connect proves the request never left. A timeout or reset after that may
     * come after fal read it, so for a submit the task may exist.
     */
    private static boolean nothingSent(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
    }

    private static String describe(IOException e) {
        String message = e.getMessage() != null ? e.getMessage()
                : e.getCause() != null ? e.getCause().toString() : "no detail";
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        client.close();
    }
}
