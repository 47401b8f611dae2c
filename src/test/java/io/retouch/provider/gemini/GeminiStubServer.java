package io.retouch.provider.gemini;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny stand-in for Google on 127.0.0.1: real HTTP, no mocking library. Serves {@code GET /input.png}
 * (the contract fixture's PNG), records every other request and answers with canned responses in
 * order (500 when none is left).
 */
public final class GeminiStubServer implements AutoCloseable {

    public static final String KEY = "AIzaSy-test-key-0123456789";
    public static final byte[] PNG = io.retouch.provider.ContractFixtures.INPUT_PNG;

    public record Recorded(String method, String path, String query, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private record Canned(int status, String body, Duration delay) {}

    private final Deque<Canned> answers = new ConcurrentLinkedDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    public GeminiStubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String inputUrl() {
        return baseUrl() + "/input.png";
    }

    public GeminiSettings settings(Duration timeout) {
        return new GeminiSettings(baseUrl(), KEY, timeout);
    }

    public GeminiStubServer answer(int status, String body) {
        answers.add(new Canned(status, body, Duration.ZERO));
        return this;
    }

    public GeminiStubServer answerAfter(Duration delay, int status, String body) {
        answers.add(new Canned(status, body, delay));
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().equals("/input.png")) {
                exchange.sendResponseHeaders(200, PNG.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(PNG);
                }
                return;
            }
            if (exchange.getRequestURI().getPath().equals("/missing.png")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
            Canned canned = answers.poll();
            if (canned == null) canned = new Canned(500, "{\"error\":{\"code\":500,\"message\":\"no canned answer\",\"status\":\"INTERNAL\"}}", Duration.ZERO);
            if (!canned.delay().isZero()) {
                try {
                    Thread.sleep(canned.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
