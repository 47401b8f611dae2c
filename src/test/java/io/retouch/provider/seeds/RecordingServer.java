package io.retouch.provider.seeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.retouch.catalog.VendorCatalog;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * A vendor stand-in on 127.0.0.1 (random port): records every request as it arrived and answers
 * the canned status and body set for its path, or 404 when none was set — so a request to a path
 * the page does not document never gets the page's answer.
 */
final class RecordingServer implements AutoCloseable {

    static final String KEY = "test-key-123456789";

    /** One request as received; header names lower-cased. */
    record Request(String method, String path, String query, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            return SeedPage.parse(body);
        }
    }

    private record Answer(int status, byte[] body, String contentType) {}

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    RecordingServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers requests to {@code path} (any method, any query) with {@code status} and the JSON {@code body}. */
    RecordingServer answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body.getBytes(StandardCharsets.UTF_8), "application/json"));
        return this;
    }

    /** Serves {@code bytes} at {@code path} (an output image the vendor's answer points at); its URL. */
    String serve(String path, byte[] bytes, String contentType) {
        answers.put(path, new Answer(200, bytes, contentType));
        return baseUrl() + path;
    }

    /** The vendor's adapter from the catalog, pointed here, with {@link #KEY} in its usual key variable. */
    VendorAdapter open(String vendor) {
        VendorDefinition definition = VendorCatalog.find(vendor).orElseThrow(() -> new AssertionError("no vendor " + vendor));
        return definition.open(new VendorDefinition.Connection(baseUrl(),
                Map.of(definition.credentialVariables().getFirst(), KEY), Duration.ofSeconds(10)));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request only() {
        if (requests.size() != 1) throw new AssertionError("expected exactly one request, got " + requests);
        return requests.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
            URI uri = exchange.getRequestURI();
            requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), Map.copyOf(headers), body));
            Answer answer = answers.getOrDefault(uri.getRawPath(), new Answer(404,
                    ("{\"error\":\"no canned answer for " + uri.getRawPath() + "\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json"));
            byte[] bytes = answer.body();
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
