package io.retouch.provider.fal;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import static io.retouch.provider.ErrorClass.*;

/**
 * The one place fal's failures are classified (vendors.md §1.7). fal speaks two error shapes:
 * model/validation errors {@code {"detail":[{"type","msg",...}]}} and infrastructure errors
 * {@code {"detail":"...","error_type":"..."}} with {@code X-Fal-Error-Type}; the vendor's own
 * code and message are kept either way.
 */
final class FalErrors {

    /** Model errors fal may mark {@code X-Fal-Retryable: true} (a resubmit can succeed). */
    private static final Set<ErrorClass> TASK_VERDICTS = Set.of(INVALID_REQUEST, CONTENT_BLOCKED, VENDOR_TASK_FAILED);

    private FalErrors() {
    }

    /** The error behind any reply that is not a 2xx answer. */
    static VendorError of(HttpReply reply) {
        return reply.answered() ? classify(reply) : reply.transportError();
    }

    /**
     * For poll and collect: whether the reply is a verdict on the task (it failed, expired, is
     * unknown) rather than on this one call. 401/402/403/429, 5xx and transport failures leave the
     * task as it was — a paid task must not be written off because our key or fal's gateway failed.
     */
    static boolean isTaskVerdict(HttpReply reply, VendorError error) {
        return reply.answered() && (reply.isTaskClientError() || error.errorClass() == VENDOR_TASK_FAILED);
    }

    private static VendorError classify(HttpReply reply) {
        JsonNode body = Json.object(reply.body());
        String code = vendorCode(reply, body);
        ErrorClass errorClass = honourRetryableHeader(reply, byStatus(reply, code, body));
        Duration retryAfter = errorClass == RATE_LIMITED ? reply.retryAfter() : null;
        return new VendorError(errorClass, code, message(reply, body), retryAfter);
    }

    private static ErrorClass byStatus(HttpReply reply, String code, JsonNode body) {
        int status = reply.status();
        return switch (status) {
            case 429 -> RATE_LIMITED;
            case 408 -> RETRYABLE;
            case 401 -> UNAUTHORIZED;
            case 402 -> OUT_OF_CREDIT;
            // fal locks an account whose balance runs out ("User is locked. Reason: Exhausted balance").
            case 403 -> mentionsBalance(reply.body()) ? OUT_OF_CREDIT : UNAUTHORIZED;
            // On submit a 404 means our model path is wrong; afterwards, that fal forgot the request.
            case 404 -> reply.operation().equals(FalOperation.SUBMIT.label) ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            case 410 -> OUTPUT_EXPIRED;
            // A "user" timeout is the deadline we set ourselves: retrying the same request ends the same way.
            case 504 -> reply.header("x-fal-request-timeout-type").filter("user"::equalsIgnoreCase).isPresent()
                    ? VENDOR_TASK_FAILED : RETRYABLE;
            default -> status >= 500 ? RETRYABLE
                    : isContentPolicy(code, body) ? CONTENT_BLOCKED
                    // Other 4xx, and 1xx/3xx (a redirect means a wrong base URL): retrying cannot help.
                    : INVALID_REQUEST;
        };
    }

    /** fal's {@code X-Fal-Retryable} overrides the status where it has a say: server and model errors. */
    private static ErrorClass honourRetryableHeader(HttpReply reply, ErrorClass byStatus) {
        String retryable = reply.header("x-fal-retryable").map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
        if (retryable.equals("false") && byStatus == RETRYABLE) return VENDOR_TASK_FAILED;
        boolean clientError = reply.status() >= 400 && reply.status() < 500;
        if (retryable.equals("true") && clientError && TASK_VERDICTS.contains(byStatus)) return RETRYABLE;
        return byStatus;
    }

    private static String vendorCode(HttpReply reply, JsonNode body) {
        if (body != null) {
            String code = Json.text(body.path("detail").path(0), "type");
            if (code == null) code = Json.text(body, "error_type");
            if (code != null) return code;
        }
        String header = reply.header("x-fal-error-type").orElse("");
        if (!header.isEmpty()) return header;
        // Cancel answers {"status":"ALREADY_COMPLETED"} and the like.
        String status = body == null ? null : Json.text(body, "status");
        return status != null ? status : String.valueOf(reply.status());
    }

    private static String message(HttpReply reply, JsonNode body) {
        if (body != null) {
            String message = Json.text(body.path("detail").path(0), "msg");
            if (message == null) message = Json.text(body, "detail");
            if (message == null) message = Json.text(body, "message");
            if (message != null) return HttpReply.brief(message);
        }
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "HTTP " + reply.status() + " from fal" : raw;
    }

    private static boolean isContentPolicy(String code, JsonNode body) {
        if ("content_policy_violation".equals(code)) return true;
        if (body == null) return false;
        for (JsonNode detail : body.path("detail").values())
            if ("content_policy_violation".equals(Json.text(detail, "type"))) return true;
        return false;
    }

    private static boolean mentionsBalance(String body) {
        String text = body.toLowerCase(Locale.ROOT);
        return text.contains("locked") || text.contains("balance") || text.contains("exhausted");
    }

}
