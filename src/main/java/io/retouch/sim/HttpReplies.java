package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes simulator responses; bodies are JSON like fal's, except output files. */
public final class HttpReplies {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpReplies() {
    }

    /** A handler body; may fail with I/O trouble or be interrupted by shutdown. */
    public interface Action {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code action} and always closes the exchange. An unexpected failure becomes a fal-style
     * 500 while nothing has been sent yet, so a client sees an answer rather than a dropped connection.
     */
    public static void guarded(HttpExchange exchange, Action action) throws IOException {
        try (exchange) {
            try {
                action.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                if (exchange.getResponseCode() != -1) {
                    throw e;
                }
                json(exchange, 500, Map.of("detail", "Simulator error: " + e, "error_type", "internal_error"));
            }
        }
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A {@code *-malformed} fault: a 200-ish answer whose body is cut off mid-JSON, as a proxy that
     * drops the connection's tail would leave it. No adapter can read an id or a status from it.
     */
    public static void garbled(HttpExchange exchange, int status) throws IOException {
        byte[] bytes = "{\"status\": \"IN_PROGR".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void file(HttpExchange exchange, Path file, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
        }
    }
}
