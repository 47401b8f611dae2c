package io.retouch.inputs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for MuleRun on 127.0.0.1 that records every submit body: each submit is a task that is
 * completed at the first poll, its image {@code output} given back as a data: URL (no download).
 * Real HTTP, no mocking library, like the adapters' own stubs.
 */
final class RecordingMuleRun implements AutoCloseable {

    private static final String EDIT = "/vendors/google/v1/nano-banana-pro/edit";

    private final List<String> submits = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private final String output;

    RecordingMuleRun(byte[] outputPng) throws IOException {
        this.output = "data:image/png;base64," + Base64.getEncoder().encodeToString(outputPng);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The JSON body of every submit, in arrival order. */
    List<String> submits() {
        return List.copyOf(submits);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String answer;
        int status;
        if (exchange.getRequestMethod().equals("POST") && path.equals(EDIT)) {
            submits.add(body);
            status = 202;
            answer = "{\"task_info\":{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"pending\"}}";
        } else if (exchange.getRequestMethod().equals("GET") && path.startsWith(EDIT + "/")) {
            String id = path.substring(EDIT.length() + 1);
            status = 200;
            answer = "{\"task_info\":{\"id\":\"" + id + "\",\"status\":\"completed\"},\"images\":[\"" + output + "\"]}";
        } else {
            status = 404;
            answer = "{\"error\":\"not found\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
