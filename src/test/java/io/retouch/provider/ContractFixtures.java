package io.retouch.provider;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The other side of a contract test: serves the input image an edit points at (as a presigned S3
 * URL would), 404s a missing one, and records any POST made to it, answering 500 — which is how a
 * golden test captures exactly the body an adapter sends.
 */
public final class ContractFixtures implements AutoCloseable {

    /** A small fixed PNG, so request bodies that inline it (Gemini) are byte-for-byte repeatable. */
    public static final byte[] INPUT_PNG = read("/golden/input.png");

    /** One POST as received. */
    public record Post(String path, String contentType, String body) {}

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public ContractFixtures() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                if (exchange.getRequestMethod().equals("GET") && path.equals("/input.png")) {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, INPUT_PNG.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(INPUT_PNG);
                    }
                    return;
                }
                if (exchange.getRequestMethod().equals("POST")) {
                    posts.add(new Post(exchange.getRequestURI().toString(),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            new String(body, StandardCharsets.UTF_8)));
                    byte[] answer = "{\"error\":\"recorded by the contract fixture\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                    return;
                }
                exchange.sendResponseHeaders(404, -1);
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String inputUrl() {
        return baseUrl() + "/input.png";
    }

    public String missingInputUrl() {
        return baseUrl() + "/missing.png";
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ContractFixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
