package io.retouch.provider.aimlapi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
 * A tiny stand-in for AIMLAPI on 127.0.0.1: real HTTP, no mocking library. Records every request
 * and answers with canned responses in the order they were queued (500 when none is left).
 */
final class AimlapiStubServer implements AutoCloseable {

    static final String KEY = "aiml-7f3a9c0b21d4e8";

    record Recorded(String method, String path, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private record Canned(int status, String body, List<String> headers, Duration delay) {}

    private final Deque<Canned> answers = new ConcurrentLinkedDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    AimlapiStubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AimlapiAdapter adapter(Duration timeout) {
        return new AimlapiAdapter(baseUrl(), KEY, timeout);
    }

    /** Queues an answer; {@code headers} are name, value pairs. JSON content type unless given. */
    AimlapiStubServer answer(int status, String body, String... headers) {
        answers.add(new Canned(status, body, List.of(headers), Duration.ZERO));
        return this;
    }

    AimlapiStubServer answerAfter(Duration delay, int status, String body) {
        answers.add(new Canned(status, body, List.of(), delay));
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded onlyRequest() {
        if (requests.size() != 1) throw new AssertionError("expected one request, got " + requests);
        return requests.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders(), body));
        Canned canned = answers.poll();
        if (canned == null) canned = new Canned(500, "{\"message\":\"stub has no answer left\"}", List.of(), Duration.ZERO);
        try {
            Thread.sleep(canned.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> headers = canned.headers();
        for (int i = 0; i < headers.size(); i += 2) exchange.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
        if (!exchange.getResponseHeaders().containsKey("Content-Type"))
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up waiting
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
