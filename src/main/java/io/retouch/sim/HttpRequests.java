package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the vendor protocols read alike from a request: the credential in
 * {@code Authorization} and a query parameter. What each vendor answers when
 * one is missing or wrong stays with the vendor.
 */
public final class HttpRequests {

    private HttpRequests() {
    }

    /** {@code Authorization: Bearer <token>}, the scheme spelled exactly so, with a token. */
    public static boolean bearer(HttpExchange exchange) {
        return credential(exchange, "Bearer ", false);
    }

    /** {@code Authorization: Bearer <token>}, the scheme in any case (RFC 9110), with a token. */
    public static boolean bearerAnyCase(HttpExchange exchange) {
        return credential(exchange, "Bearer ", true);
    }

    /** fal's {@code Authorization: Key <token>}, with a token. */
    public static boolean key(HttpExchange exchange) {
        return credential(exchange, "Key ", false);
    }

    private static boolean credential(HttpExchange exchange, String scheme, boolean anyCase) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.regionMatches(anyCase, 0, scheme, 0, scheme.length())
                && !header.substring(scheme.length()).isBlank();
    }

    /** The decoded value of query parameter {@code name} ("" when it has no value), or null when absent. */
    public static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name))
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }
}
