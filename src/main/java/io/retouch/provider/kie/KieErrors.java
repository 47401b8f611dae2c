package io.retouch.provider.kie;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.retouch.provider.ErrorClass.*;

/**
 * The one place kie.ai's failures are classified (vendors.md §5.2). kie puts its verdict in the
 * body's business {@code code}, usually under HTTP 200; real HTTP 4xx/5xx statuses are read the
 * same way. A body code other than 200 wins over the HTTP status; without one the status is the code.
 */
final class KieErrors {

    /**
     * Codes that, on a poll or collect, are a verdict on the task: kie does not know it (404), will
     * not take the id (400/422), dropped it (410) or failed to generate it (501). Every other failure
     * — our key, our credit, our pace, kie's servers, maintenance — leaves the paid task alone.
     */
    private static final Set<Integer> TASK_VERDICT_CODES = Set.of(400, 404, 410, 422, 501);

    /** Words kie's safety refusals use in {@code failCode}/{@code failMsg} or in a 4xx message. */
    private static final List<String> CONTENT_BLOCK_WORDS = List.of(
            "policy", "safety", "sensitive", "flagged", "nsfw", "prohibited", "moderation", "inappropriate");

    private KieErrors() {
    }

    /**
     * The error behind a reply that is not a success: a transport failure, an HTTP error status, or
     * a 2xx envelope whose business code is not 200. {@code submit} tells a wrong path (404 on
     * createTask: our request is wrong) from a task kie does not know (404 on recordInfo).
     */
    static VendorError of(HttpReply reply, boolean submit) {
        if (!reply.answered()) return reply.transportError();
        JsonNode body = Json.object(reply.body());
        int businessCode = body == null ? -1 : KieJson.businessCode(body);
        int code = businessCode > 0 && businessCode != 200 ? businessCode : reply.status();
        String message = message(reply, body, code);
        ErrorClass errorClass = classify(code, message, submit);
        Duration retryAfter = errorClass == RATE_LIMITED ? reply.retryAfter() : null;
        return new VendorError(errorClass, String.valueOf(code), message, retryAfter);
    }

    /** Whether {@code error} (from a poll or collect) says the task itself is over. */
    static boolean isTaskVerdict(HttpReply reply, VendorError error) {
        if (!reply.answered() || error.vendorCode() == null) return false;
        try {
            return TASK_VERDICT_CODES.contains(Integer.parseInt(error.vendorCode()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A task whose {@code data.state} is {@code fail}: blocked by the safety system, or failed. */
    static VendorError taskFailed(String failCode, String failMsg) {
        String code = failCode != null ? failCode : "fail";
        String message = failMsg != null ? failMsg
                : failCode != null ? "kie.ai failed the task with code " + failCode
                : "kie.ai failed the task without saying why";
        boolean blocked = mentionsContentBlock(failCode) || mentionsContentBlock(failMsg);
        return VendorError.of(blocked ? CONTENT_BLOCKED : VENDOR_TASK_FAILED, code, HttpReply.brief(message));
    }

    static ErrorClass classify(int code, String message, boolean submit) {
        return switch (code) {
            case 401 -> UNAUTHORIZED;
            // A 403 is an IP allow-list or a disabled key, unless it talks about money.
            case 403 -> mentionsCredit(message) ? OUT_OF_CREDIT : UNAUTHORIZED;
            case 402 -> OUT_OF_CREDIT;
            case 404 -> submit ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            case 408 -> RETRYABLE;
            // The task's record or media is gone (kie keeps media 14 days).
            case 410 -> OUTPUT_EXPIRED;
            case 429 -> RATE_LIMITED;
            // 455: kie is down for maintenance; the same request will go through later.
            case 455 -> RETRYABLE;
            // 501: "generation failed" — the model tried and failed.
            case 501 -> VENDOR_TASK_FAILED;
            // 505: "feature disabled" — the model is switched off for this key; retrying cannot help.
            case 505 -> INVALID_REQUEST;
            default -> code >= 500 ? RETRYABLE
                    : code >= 400 && mentionsContentBlock(message) ? CONTENT_BLOCKED
                    // Other 4xx, and 1xx/3xx (a redirect means a wrong base URL): retrying cannot help.
                    : INVALID_REQUEST;
        };
    }

    private static String message(HttpReply reply, JsonNode body, int code) {
        String message = body == null ? null : KieJson.message(body);
        if (message != null) return HttpReply.brief(message);
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "code " + code + " from kie.ai (HTTP " + reply.status() + ")" : raw;
    }

    private static boolean mentionsContentBlock(String text) {
        if (text == null) return false;
        String lower = text.toLowerCase(Locale.ROOT);
        return CONTENT_BLOCK_WORDS.stream().anyMatch(lower::contains);
    }

    private static boolean mentionsCredit(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("credit") || lower.contains("balance") || lower.contains("insufficient");
    }
}
