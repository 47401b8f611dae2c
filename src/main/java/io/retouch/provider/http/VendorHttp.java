package io.retouch.provider.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

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
     * One GET held open for server-sent events (fal's status stream). The data of each event goes to
     * {@code onEvent} in order ({@link ServerSentEvents}) until it answers false, the server ends the
     * stream, or the caller cancels the returned future; each of these closes the connection. The future
     * completes with the exchange as it ended: the status and headers; the body when the answer was
     * not an event stream (an error, read whole), else empty; or the transport failure. Only the wait
     * for the answer's headers is bound by the request timeout: an open stream may wait as long as
     * the caller likes, and holds no thread while it waits (the client reads it without blocking).
     * {@code onEvent} runs on the client's threads and must not block.
     */
    public CompletableFuture<HttpReply> events(String operation, URI url, Map<String, String> headers,
                                               Predicate<String> onEvent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Accept", ServerSentEvents.MEDIA_TYPE);
        headers.forEach(request::header);
        long start = System.nanoTime();
        AtomicReference<HttpResponse.ResponseInfo> answer = new AtomicReference<>();
        CompletableFuture<HttpReply> ended = new CompletableFuture<>();
        ServerSentEvents events = new ServerSentEvents(onEvent, () -> ended.complete(
                reply(operation, url, answer.get(), "", start)));
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request.GET().build(), info -> {
            answer.set(info);
            return info.statusCode() / 100 == 2 && ServerSentEvents.isEventStream(info.headers())
                    ? BodySubscribers.fromLineSubscriber(events, lines -> "", StandardCharsets.UTF_8, null)
                    : BodySubscribers.ofString(StandardCharsets.UTF_8);
        });
        pending.whenComplete((response, failure) -> {
            if (failure == null) {
                ended.complete(reply(operation, url, answer.get(), secret.redact(response.body()), start));
                return;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            IOException io = cause instanceof IOException e ? e : new IOException(cause);
            ended.complete(HttpReply.failed(operation, "GET", url, nothingSent(io), secret.redact(describe(io)),
                    (System.nanoTime() - start) / 1_000_000));
        });
        // Whoever ends first (the caller, the listener, the server), the connection goes with it.
        ended.whenComplete((reply, failure) -> {
            events.cancel();
            pending.cancel(true);
        });
        return ended;
    }

    private static HttpReply reply(String operation, URI url, HttpResponse.ResponseInfo info, String body, long start) {
        return new HttpReply(operation, "GET", url, info.statusCode(), info.headers(), body, null, false,
                (System.nanoTime() - start) / 1_000_000);
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
