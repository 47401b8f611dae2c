package io.retouch.provider.sinancode;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.retouch.provider.ErrorClass.*;

/**
 * The one place SinanCode's failures are classified. Its HTTP error bodies are undocumented
 * (vendors.md §4.4): the class comes from the HTTP status, and the vendor's code and message are
 * read from whichever of {@code error_code}/{@code error_msg} (the task's own fields), kie-style
 * {@code code}/{@code msg}, {@code message} or {@code error} the body carries.
 */
final class SinanCodeErrors {

    private static final List<String> CONTENT_BLOCK_WORDS = List.of(
            "policy", "safety", "sensitive", "flagged", "nsfw", "prohibited", "moderation", "inappropriate");
    private static final List<String> CREDIT_WORDS = List.of("credit", "balance", "insufficient", "quota exhausted");

    private SinanCodeErrors() {
    }

    /** The error behind a reply that is not a 2xx answer. */
    static VendorError of(HttpReply reply, boolean submit) {
        if (!reply.answered()) return reply.transportError();
        JsonNode body = Json.object(reply.body());
        String code = body == null ? null : code(body);
        String message = message(reply, body, code);
        ErrorClass errorClass = classify(reply.status(), code, message, submit);
        Duration retryAfter = errorClass == RATE_LIMITED ? reply.retryAfter() : null;
        return new VendorError(errorClass, code != null ? code : String.valueOf(reply.status()), message, retryAfter);
    }

    /**
     * For poll and collect: whether the answer is a verdict on the task (unknown id, gone, refused)
     * rather than on this call. Our key, our credit, our pace, 5xx and transport leave it alone.
     */
    static boolean isTaskVerdict(HttpReply reply) {
        return reply.isTaskClientError();
    }

    /** A task whose status is {@code failed}: blocked by the safety system, or failed. */
    static VendorError taskFailed(String errorCode, String errorMsg) {
        String message = errorMsg != null ? errorMsg
                : errorCode != null ? "SinanCode failed the task: " + errorCode
                : "SinanCode failed the task without saying why";
        boolean blocked = mentions(errorCode, CONTENT_BLOCK_WORDS) || mentions(errorMsg, CONTENT_BLOCK_WORDS);
        return VendorError.of(blocked ? CONTENT_BLOCKED : VENDOR_TASK_FAILED,
                errorCode != null ? errorCode : "failed", HttpReply.brief(message));
    }

    static ErrorClass classify(int status, String code, String message, boolean submit) {
        String words = (code == null ? "" : code) + " " + message;
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 402 -> OUT_OF_CREDIT;
            case 403 -> mentions(words, CREDIT_WORDS) ? OUT_OF_CREDIT : UNAUTHORIZED;
            // On submit a 404 means our path is wrong; afterwards, that SinanCode does not know the task.
            case 404 -> submit ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            case 408 -> RETRYABLE;
            case 410 -> OUTPUT_EXPIRED;
            case 429 -> RATE_LIMITED;
            default -> status >= 500 ? RETRYABLE
                    : status >= 400 && mentions(words, CREDIT_WORDS) ? OUT_OF_CREDIT
                    : status >= 400 && mentions(words, CONTENT_BLOCK_WORDS) ? CONTENT_BLOCKED
                    // Other 4xx, and 1xx/3xx (a redirect means a wrong base URL): retrying cannot help.
                    : INVALID_REQUEST;
        };
    }

    private static String code(JsonNode body) {
        String code = Json.code(body, "error_code");
        if (code == null) code = Json.code(body, "code");
        if (code == null) code = Json.code(body.path("error"), "code");
        return code;
    }

    private static String message(HttpReply reply, JsonNode body, String code) {
        if (body != null) {
            for (String field : List.of("error_msg", "msg", "message", "error")) {
                String message = Json.text(body, field);
                if (message != null) return HttpReply.brief(message);
            }
            String nested = Json.text(body.path("error"), "message");
            if (nested != null) return HttpReply.brief(nested);
            // error_msg falls back to error_code (vendors.md §4.3).
            if (code != null) return code;
        }
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "HTTP " + reply.status() + " from SinanCode" : raw;
    }

    private static boolean mentions(String text, List<String> words) {
        if (text == null) return false;
        String lower = text.toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(lower::contains);
    }
}
