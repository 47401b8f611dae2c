package io.retouch.provider.runflow;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.retouch.provider.ErrorClass.*;

/**
 * The one place Runflow's failures are classified (vendors.md §3.5, §3.3). Two kinds:
 * HTTP errors in the envelope {@code {"code","message","errors"}} ({@link #of}), and runs that
 * ended {@code failed} or {@code canceled} with a {@code failure_code} ({@link #ofRun}).
 */
final class RunflowErrors {

    /** Failure codes Runflow (or the provider behind it) uses for a safety block. */
    private static final List<String> CONTENT_MARKERS =
            List.of("CONTENT_POLICY", "NSFW", "SAFETY", "MODERATION", "CONTENT_BLOCKED", "CONTENT_FILTER");

    private RunflowErrors() {
    }

    /** The error behind any reply that is not a 2xx answer. */
    static VendorError of(HttpReply reply) {
        return reply.answered() ? classify(reply) : reply.transportError();
    }

    /**
     * For poll and collect: whether the reply is a verdict on the run (404 RUN_NOT_FOUND and other
     * client errors) rather than on this call. 401/402/403/429, 5xx and transport failures leave the
     * run as it was: a paid run must not be written off because our key or Runflow's gateway failed.
     */
    static boolean isTaskVerdict(HttpReply reply) {
        return reply.isTaskClientError();
    }

    /** A run that ended without output: {@code failed} with its failure code, or {@code canceled}. */
    static VendorError ofRun(JsonNode run, String status) {
        if (status.equals("canceled") || status.equals("cancelled"))
            return VendorError.of(VENDOR_TASK_FAILED, status, "Runflow run was canceled");
        String code = Json.code(run, "failure_code");
        String stage = Json.text(run, "failure_stage_code");
        if (stage == null) stage = Json.text(run, "failure_stage");
        String message = Json.text(run, "failure_message");
        if (message == null) message = "Runflow run failed" + (code == null ? " without a failure code" : "");
        if (stage != null) message = message + " (stage " + stage + ")";
        return VendorError.of(failureClass(code), code == null ? status : code, HttpReply.brief(message));
    }

    /** {@code INPUT_VALIDATION_FAILED} is our request; safety codes a block; anything else the vendor's failure. */
    static ErrorClass failureClass(String failureCode) {
        if (failureCode == null) return VENDOR_TASK_FAILED;
        String code = failureCode.toUpperCase(Locale.ROOT);
        if (code.equals("INPUT_VALIDATION_FAILED") || code.equals("VALIDATION_ERROR")) return INVALID_REQUEST;
        for (String marker : CONTENT_MARKERS) if (code.contains(marker)) return CONTENT_BLOCKED;
        return VENDOR_TASK_FAILED;
    }

    private static VendorError classify(HttpReply reply) {
        JsonNode body = Json.object(reply.body());
        String envelopeCode = body == null ? null : Json.code(body, "code");
        ErrorClass errorClass = byStatus(reply, envelopeCode);
        Duration retryAfter = errorClass == RATE_LIMITED ? reply.retryAfter() : null;
        String code = envelopeCode != null ? envelopeCode : String.valueOf(reply.status());
        return new VendorError(errorClass, code, message(reply, body), retryAfter);
    }

    private static ErrorClass byStatus(HttpReply reply, String envelopeCode) {
        String code = envelopeCode == null ? "" : envelopeCode.toUpperCase(Locale.ROOT);
        // The code speaks louder than the status where both say something about the account.
        if (code.equals("INSUFFICIENT_CREDIT")) return OUT_OF_CREDIT;
        if (code.equals("RATE_LIMITED")) return RATE_LIMITED;
        int status = reply.status();
        return switch (status) {
            case 429 -> RATE_LIMITED;
            case 408 -> RETRYABLE;
            case 402 -> OUT_OF_CREDIT;
            // 403 is PERMISSION_DENIED or EMAIL_NOT_VERIFIED: the key cannot do this, retrying cannot help.
            case 401, 403 -> UNAUTHORIZED;
            // On submit a 404 means our model path is wrong; afterwards, RUN_NOT_FOUND.
            case 404 -> reply.operation().equals(RunflowOperation.SUBMIT.label) ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            case 410 -> OUTPUT_EXPIRED;
            default -> status >= 500 ? RETRYABLE
                    : isContentCode(code) ? CONTENT_BLOCKED
                    // 400, 409, 422 (errors[] details) and 1xx/3xx (a redirect means a wrong base URL).
                    : INVALID_REQUEST;
        };
    }

    private static boolean isContentCode(String code) {
        for (String marker : CONTENT_MARKERS) if (code.contains(marker)) return true;
        return false;
    }

    /** The envelope's message, with the 422 field details ({@code errors[]}) appended. */
    private static String message(HttpReply reply, JsonNode body) {
        if (body != null) {
            String message = Json.text(body, "message");
            List<String> details = new ArrayList<>();
            for (JsonNode error : body.path("errors").values()) {
                String field = Json.text(error, "field");
                if (field == null) field = Json.text(error, "path");
                String text = Json.text(error, "message");
                if (text == null && error.isString()) text = error.stringValue();
                if (text != null) details.add(field == null ? text : field + ": " + text);
            }
            if (message != null || !details.isEmpty()) {
                String joined = (message == null ? "" : message)
                        + (details.isEmpty() ? "" : (message == null ? "" : " — ") + String.join("; ", details));
                return HttpReply.brief(joined);
            }
        }
        String raw = HttpReply.brief(reply.body());
        return raw == null || raw.isEmpty() ? "HTTP " + reply.status() + " from Runflow" : raw;
    }
}
