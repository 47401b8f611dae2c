package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MuleRun's HTTP error answers. vendors.md §2.4 lists the statuses but not the body; the simulator
 * uses the shape MuleRun's failed tasks use for their error, {@code {"error":{"code","title","detail"}}},
 * with the HTTP status as the code.
 */
final class MuleRunReplies {

    private MuleRunReplies() {
    }

    static void error(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("title", title);
        error.put("detail", detail);
        HttpReplies.json(exchange, status, Map.of("error", error));
    }

    static void unauthorized(HttpExchange exchange) throws IOException {
        error(exchange, 401, "Unauthorized", "Invalid or expired token; send 'Authorization: Bearer <API key>'");
    }

    static void rateLimited(HttpExchange exchange, String retryAfterSeconds) throws IOException {
        if (retryAfterSeconds != null) exchange.getResponseHeaders().set("Retry-After", retryAfterSeconds);
        error(exchange, 429, "Too Many Requests", "Rate limit exceeded, please slow down (simulated)");
    }

    static void notFound(HttpExchange exchange, String detail) throws IOException {
        error(exchange, 404, "Not Found", detail);
    }
}
