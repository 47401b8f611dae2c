package io.retouch.report;

import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the bytes of a task's input or output: from our S3 store, or from the web for an input the
 * manifest gave as an http(s) URL. A picture that cannot be read is a {@link Unreadable} with a
 * reason the report shows in its place; it never stops the report.
 */
final class ImageSource implements AutoCloseable {

    /** A report must not wait long on one picture of someone else's server. */
    static final Duration HTTP_DEADLINE = Duration.ofSeconds(10);

    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason);
        }
    }

    private final ObjectStore store;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    ImageSource(ObjectStore store) {
        this.store = store;
    }

    byte[] read(String uri) throws Unreadable {
        if (S3Location.isS3Uri(uri)) return fromStore(uri);
        if (uri.startsWith("http://") || uri.startsWith("https://")) return fromWeb(uri);
        throw new Unreadable("not an s3:// or http(s) address");
    }

    private byte[] fromStore(String uri) throws Unreadable {
        try {
            return store.get(S3Location.parse(uri));
        } catch (NoSuchKeyException e) {
            throw new Unreadable("no longer in the store");
        } catch (SdkException | IllegalArgumentException e) {
            throw new Unreadable("cannot read it from S3: " + e.getMessage());
        }
    }

    /**
     * The JDK's request timeout ends when the headers come; the deadline on the whole exchange also
     * covers a server that trickles the body.
     */
    private byte[] fromWeb(String url) throws Unreadable {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_DEADLINE).GET().build();
        } catch (IllegalArgumentException e) {
            throw new Unreadable("not a valid URL");
        }
        Future<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = exchange.get(HTTP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) throw new Unreadable("the server answered HTTP " + response.statusCode());
            return response.body();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new Unreadable("no answer within " + HTTP_DEADLINE.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.ConnectException) throw new Unreadable("cannot connect to " + request.uri().getHost());
            throw new Unreadable("cannot fetch it: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unreadable("interrupted");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
