package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
                if (exchange.getResponseCode() != -1) throw e;
                json(exchange, 500, Map.of("detail", "Simulator error: " + e, "error_type", "internal_error"));
            }
        }
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /**
     * A {@code *-malformed} fault: a 200-ish answer whose body is cut off mid-JSON, as a proxy that
     * drops the connection's tail would leave it. No adapter can read an id or a status from it.
     */
    public static void garbled(HttpExchange exchange, int status) throws IOException {
        send(exchange, status, "application/json", "{\"status\": \"IN_PROGR".getBytes(StandardCharsets.UTF_8));
    }

    public static void file(HttpExchange exchange, Path file, String contentType) throws IOException {
        send(exchange, 200, contentType, Files.readAllBytes(file));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
