package io.retouch.provider.http;

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
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes exactly one HTTP exchange per call and reports whatever happened as an {@link HttpReply}.
 * It never retries and never follows redirects: replaying a paid POST is the pipeline's decision,
 * taken against durable state. The vendor's credentials travel in {@code headers} and are masked
 * in everything that comes back.
 */
public final class VendorHttp implements AutoCloseable {

    /** Time allowed for the body after the headers' timeout, before the whole exchange is given up. */
    private static final Duration BODY_GRACE = Duration.ofSeconds(5);
    /** Connecting is quick or hopeless; a long request timeout should not stretch it. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String vendor;
    private final Duration requestTimeout;
    private final Secret secret;
    private final HttpClient client;

    public VendorHttp(String vendor, Duration requestTimeout, Secret secret) {
        this.vendor = vendor;
        this.requestTimeout = requestTimeout;
        this.secret = secret;
        this.client = HttpClient.newBuilder()
                // The JDK's HTTP/2 default would add "Upgrade: h2c" to plain-http requests, which the
                // simulator and some proxies handle badly.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? requestTimeout : MAX_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One exchange; {@code jsonBody}, when not null, goes as {@code application/json}, else an empty body. */
    public HttpReply exchange(String operation, String method, URI url, Map<String, String> headers, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (jsonBody != null) request.header("Content-Type", "application/json");
        request.method(method, jsonBody == null || "GET".equals(method) ? BodyPublishers.noBody()
                : BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        // The client's timeout ends at the response headers; a body that stalls after them would block
        // forever. One deadline covers the whole exchange.
        var pending = client.sendAsync(request.build(), BodyHandlers.ofString());
        boolean nothingSent = false;
        String failure;
        try {
            var response = pending.get(requestTimeout.toMillis() + BODY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return new HttpReply(operation, method, url, response.statusCode(), response.headers(),
                    secret.redact(response.body()), null, false, (System.nanoTime() - start) / 1_000_000);
        } catch (ExecutionException e) {
            IOException io = e.getCause() instanceof IOException cause ? cause : new IOException(e.getCause());
            nothingSent = nothingSent(io);
            failure = secret.redact(describe(io));
        } catch (TimeoutException e) {
            pending.cancel(true);
            failure = "no complete answer from " + vendor + " within " + requestTimeout.plus(BODY_GRACE);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            failure = "interrupted while waiting for " + vendor;
        }
        return HttpReply.failed(operation, method, url, nothingSent, failure, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Only a failure to connect proves the request never left. A timeout or reset after that may
     * come after the vendor read it, so for a submit the task may exist.
     */
    private static boolean nothingSent(IOException e) {
        // A failed TLS handshake also happens before any byte of the request is sent.
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e instanceof javax.net.ssl.SSLHandshakeException;
    }

    private static String describe(IOException e) {
        String message = e.getMessage() != null ? e.getMessage()
                : e.getCause() != null ? e.getCause().toString() : "no detail";
        return e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void close() {
        client.close();
    }
}
