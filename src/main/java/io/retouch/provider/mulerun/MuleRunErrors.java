package io.retouch.provider.mulerun;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The one place MuleRun's failures are classified (vendors.md §2.3, §2.4). Two kinds: HTTP errors
 * (400, 401, 402, 403, 404, 429, 5xx…), whose body shape MuleRun does not document, so any JSON or
 * none is read; and tasks that failed, answered with HTTP 200 and {@code status: failed} plus an
 * error object (codes 3001–3005 upstream provider failed, 4002/4008 MuleRouter failed).
 */
final class MuleRunErrors {

    /** Statuses that, on a task GET, are a verdict on the task rather than on this one call. */
    private static final Set<Integer> TASK_VERDICT_STATUSES = Set.of(400, 404, 410, 422);

    /**
     * Words that mark a safety/content-policy refusal. MuleRun documents no code of its own for one;
     * the upstream (Google) block reaches us as a failed task whose title or detail says so.
     */
    private static final List<String> CONTENT_WORDS = List.of("safety", "content policy", "content_policy",
            "content-policy", "moderation", "nsfw", "prohibited", "inappropriate", "blocked", "flagged",
            "policy violation", "responsible ai");

    private static final List<String> BALANCE_WORDS = List.of("balance", "credit", "insufficient", "subscription",
            "payment", "billing", "top up", "top-up");

    private MuleRunErrors() {
    }

    /** The error behind any reply that is not a 2xx answer. */
    static VendorError of(HttpReply reply) {
        return reply.answered() ? classify(reply) : reply.transportError();
    }

    /**
     * For poll and collect: whether a non-2xx reply is a verdict on the task (unknown id, bad id,
     * gone). 401/402/403/429, 5xx and transport failures leave the task alone: a paid task must not
     * be written off because our key, our balance or MuleRun's gateway failed.
     */
    static boolean isTaskVerdict(HttpReply reply) {
        return reply.answered() && TASK_VERDICT_STATUSES.contains(reply.status());
    }

    /** A task MuleRun reported {@code failed}. */
    static VendorError taskFailed(MuleRunJson.TaskError error) {
        String code = error.code() != null ? error.code() : "failed";
        ErrorClass errorClass = isContent(code, error.title(), error.detail()) ? CONTENT_BLOCKED : VENDOR_TASK_FAILED;
        return VendorError.of(errorClass, code, HttpReply.brief(error.message()));
    }

    private static VendorError classify(HttpReply reply) {
        JsonNode body = Json.object(reply.body());
        String code = vendorCode(reply, body);
        String message = message(reply, body);
        ErrorClass errorClass = byStatus(reply, code, message);
        return new VendorError(errorClass, code, message, errorClass == RATE_LIMITED ? reply.retryAfter() : null);
    }

    private static ErrorClass byStatus(HttpReply reply, String code, String message) {
        int status = reply.status();
        boolean submit = reply.operation().equals("submit");
        return switch (status) {
            case 400, 422 -> isContent(code, message) ? CONTENT_BLOCKED : INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            // "Insufficient balance / subscription required".
            case 402 -> OUT_OF_CREDIT;
            // Forbidden (e.g. no access to the Beta model) or a locked account; either needs a person,
            // and if the words say money, it is the balance.
            case 403, 423 -> mentions(message, BALANCE_WORDS) ? OUT_OF_CREDIT : UNAUTHORIZED;
            // On submit a 404 means our path is wrong; on a task GET, that MuleRun has no such task.
            case 404 -> submit ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            case 408 -> RETRYABLE;
            case 410 -> submit ? INVALID_REQUEST : OUTPUT_EXPIRED;
            // Rate limit, quota or daily spend limit: all of them pass with time.
            case 429 -> RATE_LIMITED;
            // Unavailable for legal reasons: this content cannot be served.
            case 451 -> CONTENT_BLOCKED;
            // Other 4xx (405 wrong method, 409…) and 1xx/3xx (a redirect means a wrong base URL).
            default -> status >= 500 ? RETRYABLE : INVALID_REQUEST;
        };
    }

    private static String vendorCode(HttpReply reply, JsonNode body) {
        if (body != null) {
            JsonNode error = body.path("error");
            String code = error.isObject() ? first(Json.code(error, "code"), Json.code(error, "type")) : null;
            if (code == null) code = first(Json.code(body, "error_code"), Json.code(body, "code"));
            if (code != null) return code;
        }
        return String.valueOf(reply.status());
    }

    private static String message(HttpReply reply, JsonNode body) {
        if (body != null) {
            JsonNode error = body.path("error");
            String title = null, detail = null;
            if (error.isObject()) {
                title = Json.text(error, "title");
                detail = first(Json.text(error, "detail"), Json.text(error, "message"));
            } else if (error.isString() && !error.stringValue().isBlank()) {
                detail = error.stringValue();
            }
            if (detail == null) detail = first(Json.text(body, "detail"), Json.text(body, "message"),
                    Json.text(body, "error_message"));
            if (title == null) title = Json.text(body, "title");
            String text = title != null && detail != null && !title.equals(detail) ? title + ": " + detail
                    : detail != null ? detail : title;
            if (text != null) return HttpReply.brief(text);
        }
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "HTTP " + reply.status() + " from MuleRun" : raw;
    }

    private static boolean isContent(String code, String... texts) {
        if (code != null && mentions(code, CONTENT_WORDS)) return true;
        for (String text : texts) if (mentions(text, CONTENT_WORDS)) return true;
        return false;
    }

    private static boolean mentions(String text, List<String> words) {
        if (text == null) return false;
        String lower = text.toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(lower::contains);
    }

    private static String first(String... values) {
        for (String value : values) if (value != null) return value;
        return null;
    }
}
