package io.retouch.provider.aimlapi;

import static io.retouch.provider.ErrorClass.CONTENT_BLOCKED;
import static io.retouch.provider.ErrorClass.INVALID_REQUEST;
import static io.retouch.provider.ErrorClass.OUT_OF_CREDIT;
import static io.retouch.provider.ErrorClass.RATE_LIMITED;
import static io.retouch.provider.ErrorClass.RETRYABLE;
import static io.retouch.provider.ErrorClass.UNAUTHORIZED;
import static io.retouch.provider.ErrorClass.VENDOR_TASK_FAILED;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The one place AIMLAPI's failures are classified (vendors.md §6.4). Its error body is
 * {@code {"message","path","requestId","statusCode":"429","timestamp"}}: the vendor code kept is
 * {@code statusCode} (a string, as AIMLAPI sends it), the message is {@code message} plus the first
 * validation detail when there is one.
 * <p>
 * Out of credit is <b>403</b>, not 402. A 504 ("generation exceeded time limit") means the edit ran
 * and did not finish in AIMLAPI's own time limit: a verdict on this edit, not an outage, and possibly
 * charged — see {@link #ranAndFailed}.
 */
final class AimlapiErrors {

    /** Words AIMLAPI's (and its upstreams') content-safety refusals use. */
    private static final List<String> CONTENT_POLICY_WORDS =
            List.of("content policy", "content_policy", "safety", "moderation", "flagged", "prohibited");

    private AimlapiErrors() {
    }

    /** The error behind any reply that is not a 2xx answer. */
    static VendorError of(HttpReply reply) {
        if (!reply.answered()) return reply.transportError();
        JsonNode body = Json.object(reply.body());
        String message = message(reply, body);
        // Classified on AIMLAPI's own message only: a validation detail may quote the prompt back.
        String own = body == null ? reply.body() : Json.text(body, "message");
        ErrorClass errorClass = classify(reply.status(), own == null ? "" : own);
        Duration retryAfter = errorClass == RATE_LIMITED ? reply.retryAfter() : null;
        return new VendorError(errorClass, code(reply, body), message, retryAfter);
    }

    /**
     * Whether the answer says the edit ran and failed on AIMLAPI's side (504, generation time limit
     * exceeded): the submit then counts as taken — the provider may have charged — and its failure is
     * held for poll to report, rather than calling the submit refused (nothing charged).
     */
    static boolean ranAndFailed(VendorError error) {
        return error.errorClass() == VENDOR_TASK_FAILED;
    }

    static ErrorClass classify(int status, String message) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 402 -> OUT_OF_CREDIT;
            // "You've run out of credits. Please top up your balance ..." — AIMLAPI's out-of-credit answer.
            // Any other 403 is a key that may not use this model.
            case 403 -> mentionsCredit(message) ? OUT_OF_CREDIT : UNAUTHORIZED;
            case 429 -> RATE_LIMITED;
            case 504 -> VENDOR_TASK_FAILED;
            default -> status >= 500 ? RETRYABLE
                    // 400 "Body validation error!", 404 (wrong base URL or path), 413, 422...: retrying
                    // the same request cannot help, unless it names a content policy.
                    : mentionsContentPolicy(message) ? CONTENT_BLOCKED
                    : INVALID_REQUEST;
        };
    }

    private static String code(HttpReply reply, JsonNode body) {
        String code = body == null ? null : Json.code(body, "statusCode");
        return code != null ? code : String.valueOf(reply.status());
    }

    private static String message(HttpReply reply, JsonNode body) {
        if (body != null) {
            String message = Json.text(body, "message");
            if (message != null) {
                String detail = firstDetail(body);
                return HttpReply.brief(detail == null || message.contains(detail) ? message : message + " " + detail);
            }
        }
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "HTTP " + reply.status() + " from AIMLAPI" : raw;
    }

    /** AIMLAPI follows "Body validation error!" with the validator's details ("Invalid enum value ..."). */
    private static String firstDetail(JsonNode body) {
        for (String field : List.of("errors", "details")) {
            JsonNode first = body.path(field).path(0);
            String detail = first.isString() ? first.stringValue() : Json.text(first, "message");
            if (detail != null && !detail.isBlank()) {
                String path = pathOf(first.path("path"));
                return path == null ? detail : path + ": " + detail;
            }
        }
        return null;
    }

    private static String pathOf(JsonNode path) {
        if (!path.isArray() || path.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (JsonNode part : path.values()) {
            if (part.isNumber()) text.append('[').append(part.asString()).append(']');
            else text.append(text.isEmpty() ? "" : ".").append(part.asString());
        }
        return text.toString();
    }

    private static boolean mentionsCredit(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("credit") || text.contains("balance") || text.contains("top up");
    }

    private static boolean mentionsContentPolicy(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        if (text.startsWith("body validation error")) return false;
        return CONTENT_POLICY_WORDS.stream().anyMatch(text::contains);
    }
}
