package io.retouch.provider.gemini;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The one place the Gemini API's failures are classified (vendors.md §7.1): the
 * {@code google.rpc.Status} error envelope {@code {"error":{"code","message","status","details"}}}
 * of a refused call, the {@code finishReason} / {@code promptFeedback.blockReason} of an answered
 * one, and the per-row {@code error} of a Batch result. The vendor's own status word (or finish
 * reason) is kept as the vendor code.
 */
public final class GeminiErrors {

    /** Finish and block reasons that mean Google's safety or policy filters stopped the image. */
    private static final Set<String> BLOCKED = Set.of("IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "PROHIBITED_CONTENT",
            "SAFETY", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION");

    /** gRPC code numbers, as a Batch row's {@code error.code} may carry them instead of HTTP statuses. */
    private static final Map<Integer, String> GRPC = Map.ofEntries(
            Map.entry(1, "CANCELLED"), Map.entry(2, "UNKNOWN"), Map.entry(3, "INVALID_ARGUMENT"),
            Map.entry(4, "DEADLINE_EXCEEDED"), Map.entry(5, "NOT_FOUND"), Map.entry(7, "PERMISSION_DENIED"),
            Map.entry(8, "RESOURCE_EXHAUSTED"), Map.entry(9, "FAILED_PRECONDITION"), Map.entry(10, "ABORTED"),
            Map.entry(13, "INTERNAL"), Map.entry(14, "UNAVAILABLE"), Map.entry(16, "UNAUTHENTICATED"));

    private GeminiErrors() {
    }

    /** The error behind any reply that is not a 2xx answer. */
    public static VendorError of(HttpReply reply) {
        if (!reply.answered()) return reply.transportError();
        JsonNode error = errorObject(reply.body());
        String status = error == null ? null : Json.text(error, "status");
        String reason = error == null ? null : errorInfoReason(error);
        String message = message(reply, error);
        ErrorClass errorClass = byStatus(reply.status(), status, reason, message, reply.operation());
        Duration retryAfter = null;
        if (errorClass == RATE_LIMITED) {
            retryAfter = error == null ? null : retryDelay(error);
            if (retryAfter == null) retryAfter = reply.retryAfter();
        }
        String code = status != null ? status : String.valueOf(reply.status());
        return new VendorError(errorClass, reason == null ? code : code + "/" + reason, message, retryAfter);
    }

    /**
     * For poll and collect: whether the reply is a verdict on the task (the batch is unknown or the
     * id is malformed) rather than on this one call. Key and billing trouble, 429, 5xx and transport
     * failures leave the task as it was: a paid batch must not be written off because a call failed.
     */
    public static boolean isTaskVerdict(HttpReply reply, VendorError error) {
        int status = reply.status();
        return reply.answered() && (status == 400 || status == 404 || status == 410)
                && error.errorClass() != UNAUTHORIZED && error.errorClass() != OUT_OF_CREDIT;
    }

    static ErrorClass byStatus(int http, String status, String reason, String message, String operation) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (http) {
            case 401 -> UNAUTHORIZED;
            // PERMISSION_DENIED: a bad, leaked or restricted key — or a project whose billing is off.
            case 403 -> "BILLING_DISABLED".equals(reason) || text.contains("billing") ? OUT_OF_CREDIT : UNAUTHORIZED;
            case 400 -> {
                // Google answers an invalid key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
                if ("API_KEY_INVALID".equals(reason) || text.contains("api key not valid")) yield UNAUTHORIZED;
                // FAILED_PRECONDITION: billing not enabled / free tier unavailable in the region. The
                // account cannot be used as it stands: stop submitting, as when credit runs out.
                if ("FAILED_PRECONDITION".equals(status)) yield OUT_OF_CREDIT;
                yield INVALID_REQUEST;
            }
            // On submit a 404 means our model path is wrong; afterwards, that the batch is gone.
            case 404 -> "submit".equals(operation) ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            // A prepaid project whose credit ran out answers 429 too, with its own message. The
            // ordinary quota 429 mentions "plan and billing details", so billing alone says nothing.
            case 429 -> text.contains("prepayment") || text.contains("credits are depleted") ? OUT_OF_CREDIT : RATE_LIMITED;
            // 408, and 499 CANCELLED (the server gave up the call): nothing was done, try again.
            case 408, 499 -> RETRYABLE;
            default -> http >= 500 ? RETRYABLE : INVALID_REQUEST;
        };
    }

    /** How an answered generation ended without an image: blocked by policy, or simply failed. */
    public static ErrorClass forFinishReason(String finishReason) {
        return finishReason != null && BLOCKED.contains(finishReason) ? CONTENT_BLOCKED : VENDOR_TASK_FAILED;
    }

    /**
     * A Batch row's {@code error} (a {@code google.rpc.Status}): its code may be an HTTP status (as
     * vendors.md shows it) or a gRPC number. A row error is a verdict on that row: the batch already
     * ran it. Only a bad argument is ours; anything else failed on Google's side.
     */
    public static VendorError ofRowError(JsonNode error) {
        String status = Json.text(error, "status");
        JsonNode code = error.path("code");
        if (status == null && code.isIntegralNumber()) {
            int number = code.asInt();
            status = number >= 100 ? httpStatusWord(number) : GRPC.getOrDefault(number, "UNKNOWN");
        }
        if (status == null) status = "UNKNOWN";
        String message = Json.text(error, "message");
        ErrorClass errorClass = switch (status) {
            case "INVALID_ARGUMENT" -> INVALID_REQUEST;
            default -> VENDOR_TASK_FAILED;
        };
        return VendorError.of(errorClass, status, message == null ? "Gemini Batch reported an error for this row"
                : HttpReply.brief(message));
    }

    /** {@code google.rpc.RetryInfo.retryDelay} from the details, e.g. {@code "7s"} or {@code "0.5s"}. */
    static Duration retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details").values()) {
            String type = Json.text(detail, "@type");
            if (type == null || !type.endsWith("google.rpc.RetryInfo")) continue;
            String delay = Json.text(detail, "retryDelay");
            if (delay == null || !delay.endsWith("s")) continue;
            try {
                BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) continue;
                return Duration.ofMillis(seconds.movePointRight(3).longValue());
            } catch (NumberFormatException e) {
                // not a duration; ignore
            }
        }
        return null;
    }

    private static String errorInfoReason(JsonNode error) {
        for (JsonNode detail : error.path("details").values()) {
            String type = Json.text(detail, "@type");
            if (type != null && type.endsWith("google.rpc.ErrorInfo")) return Json.text(detail, "reason");
        }
        return null;
    }

    /** The {@code error} object of Google's envelope (also when a proxy wraps it in an array), or null. */
    static JsonNode errorObject(String body) {
        JsonNode root = Json.object(body);
        if (root == null && body != null && body.strip().startsWith("[")) {
            root = Json.object(body.strip().substring(1, body.strip().length() - 1));
        }
        if (root == null) return null;
        JsonNode error = root.path("error");
        return error.isObject() ? error : null;
    }

    private static String message(HttpReply reply, JsonNode error) {
        String message = error == null ? null : Json.text(error, "message");
        if (message != null) return HttpReply.brief(message);
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "HTTP " + reply.status() + " from Gemini" : raw;
    }

    private static String httpStatusWord(int http) {
        return switch (http) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> String.valueOf(http);
        };
    }
}
