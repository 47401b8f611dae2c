package io.retouch.provider.http;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The one classifier of vendors' failures, fed by each vendor's table: where its body keeps the
 * code and the message, which statuses and codes mean something other than the common rule, and
 * the words its safety and billing refusals use. The common rule: 401 unauthorized, 402 out of
 * credit, 403 unauthorized (out of credit when the words say money), 404 a wrong path on submit and
 * an unknown task afterwards, 408 retryable, 410 gone, 429 rate limited (with {@code Retry-After}),
 * 451 blocked, 5xx retryable, any other status a refused request (blocked when the words say so).
 * Pointers may hold a {@code *} segment for "any item of this array" (the first item with a value
 * wins), and a body that is a one-object array is read as that object.
 */
public final class ErrorTable {

    /** Words vendors' safety refusals use (the union of what each vendor's own classifier knew). */
    private static final List<String> CONTENT_WORDS = List.of("content_policy", "content-policy", "policy",
            "safety", "moderation", "nsfw", "prohibited", "inappropriate", "flagged", "blocked",
            "sensitive", "responsible ai", "content_filter");
    /**
     * Words that make a 403 about money. Only there: on other statuses such words may come from the
     * request itself (a file named credit-card.png), and out of credit stops the vendor's whole lane.
     */
    private static final List<String> CREDIT_WORDS = List.of("balance", "credit", "subscription", "payment", "billing",
            "top up", "top-up", "quota exhausted");

    private final String vendor;
    private final List<String> codeAt = new ArrayList<>();
    private final List<String> reasonAt = new ArrayList<>();
    private final List<String> retryAt = new ArrayList<>();
    private final List<String> messageAt = new ArrayList<>();
    private final List<String> titleAt = new ArrayList<>();
    private final List<String> detailsAt = new ArrayList<>();
    private final Map<Integer, ErrorClass> statuses = new HashMap<>();
    private final Map<String, ErrorClass> codes = new HashMap<>();
    private Set<Integer> verdicts = Set.of(404, 410);
    private String statusAt;
    private boolean resultErrorsAreVerdicts;
    private String codeHeader;
    private BiFunction<HttpReply, ErrorClass, ErrorClass> adjust = (reply, errorClass) -> errorClass;

    private ErrorTable(String vendor) {
        this.vendor = vendor;
    }

    /** @param vendor the vendor's name as messages show it, e.g. {@code MuleRun} */
    public static ErrorTable of(String vendor) {
        return new ErrorTable(vendor);
    }

    /** Pointers to the vendor's own error code; without one, the code is the HTTP status. */
    public ErrorTable codeAt(String... pointers) {
        return add(codeAt, pointers);
    }

    /** Pointers to a finer reason (Google's {@code ErrorInfo.reason}): the code becomes {@code code/reason}. */
    public ErrorTable reasonAt(String... pointers) {
        return add(reasonAt, pointers);
    }

    /** Pointers to a retry hint read before {@code Retry-After}, in seconds or as {@code "7.5s"} (Google's). */
    public ErrorTable retryAt(String... pointers) {
        return add(retryAt, pointers);
    }

    public ErrorTable messageAt(String... pointers) {
        return add(messageAt, pointers);
    }

    /** Pointers to a title put before the message ({@code title: message}). */
    public ErrorTable titleAt(String... pointers) {
        return add(titleAt, pointers);
    }

    /**
     * Pointers to lists of field details (strings, or objects with {@code message} and {@code field} or
     * {@code path}), appended after the message is classified: a detail may quote the prompt back,
     * which must not make a validation error look like a safety block.
     */
    public ErrorTable detailsAt(String... pointers) {
        return add(detailsAt, pointers);
    }

    private ErrorTable add(List<String> list, String... pointers) {
        list.addAll(List.of(pointers));
        return this;
    }

    /** A response header holding the vendor's error code, read after the {@link #codeAt} pointers. */
    public ErrorTable codeHeader(String name) {
        codeHeader = name;
        return this;
    }

    /** A pointer to a business code that stands for the HTTP status when present (kie's 200-with-code). */
    public ErrorTable statusAt(String pointer) {
        statusAt = pointer;
        return this;
    }

    public ErrorTable on(int status, ErrorClass errorClass) {
        statuses.put(status, errorClass);
        return this;
    }

    /** A vendor code or reason (any case) that decides the class whatever the status. */
    public ErrorTable onCode(String code, ErrorClass errorClass) {
        codes.put(code.toUpperCase(Locale.ROOT), errorClass);
        return this;
    }

    /** Statuses that, on a poll or collect, are the vendor's verdict on the task (default 404, 410). */
    public ErrorTable verdicts(Integer... statuses) {
        verdicts = Set.of(statuses);
        return this;
    }

    /** Any client error of a result GET not about our account or pace, and any task failure, is a verdict (fal). */
    public ErrorTable resultErrorsAreVerdicts() {
        resultErrorsAreVerdicts = true;
        return this;
    }

    /** A last word on the class, for headers that override the status (fal's {@code X-Fal-Retryable}). */
    public ErrorTable adjust(BiFunction<HttpReply, ErrorClass, ErrorClass> rule) {
        adjust = rule;
        return this;
    }

    /** The error behind a reply that is not a 2xx answer (or a 2xx whose body carries an error code). */
    public VendorError of(HttpReply reply) {
        if (!reply.answered()) return reply.transportError();
        JsonNode body = body(reply.body());
        int status = businessStatus(reply, body);
        String code = first(body, codeAt);
        if (code == null && codeHeader != null) code = reply.header(codeHeader).filter(h -> !h.isEmpty()).orElse(null);
        if (code == null) code = String.valueOf(status);
        String reason = first(body, reasonAt);
        String raw = reply.body().isBlank() ? "HTTP " + reply.status() + " from " + vendor : reply.body();
        String message = HttpReply.brief(titled(first(body, titleAt), first(body, messageAt), raw));
        boolean submit = reply.operation().equals("submit");
        ErrorClass errorClass = adjust.apply(reply, classify(status, code, reason, message, submit));
        Duration retryAfter = errorClass == RATE_LIMITED ? reply.retryAfter(first(body, retryAt)) : null;
        String vendorCode = reason == null ? code : code + "/" + reason;
        return new VendorError(errorClass, vendorCode, withDetails(message, body), retryAfter);
    }

    /** The error a 2xx answer carries in its business code ({@link #statusAt}), or null when it carries none. */
    public VendorError inBody(HttpReply reply) {
        if (statusAt == null) return null;
        return businessStatus(reply, Json.object(reply.body())) == reply.status() ? null : of(reply);
    }

    /** Whether a poll's or collect's error answer says the task itself is over; anything else leaves it alone. */
    public boolean isTaskVerdict(HttpReply reply) {
        if (!reply.answered()) return false;
        if (resultErrorsAreVerdicts && reply.operation().equals("result"))
            return reply.isTaskClientError() || of(reply).errorClass() == VENDOR_TASK_FAILED;
        return verdicts.contains(businessStatus(reply, Json.object(reply.body())));
    }

    /** A task the vendor reported failed: blocked when its code or words say so, else the vendor's failure. */
    public VendorError taskFailed(String code, String message) {
        // A task's failure is final: a code that means "slow down" on an HTTP answer does not make it a retry here.
        ErrorClass byCode = code == null ? null : codes.get(code.toUpperCase(Locale.ROOT));
        boolean blocked = mentions(code, CONTENT_WORDS) || mentions(message, CONTENT_WORDS);
        ErrorClass errorClass = byCode != null && byCode.terminal() ? byCode
                : blocked ? CONTENT_BLOCKED : VENDOR_TASK_FAILED;
        String text = message != null ? message
                : code != null ? vendor + " failed the task with code " + code
                : vendor + " failed the task without saying why";
        return VendorError.of(errorClass, code != null ? code : "failed", HttpReply.brief(text));
    }

    /** A task that finished without an image; {@code why} is the vendor's own text, if any. */
    public VendorError noImages(String why) {
        return VendorError.of(VENDOR_TASK_FAILED, "no_images",
                vendor + " finished the task without images" + (why == null ? "" : ": " + HttpReply.brief(why)));
    }

    /** An answer this vendor should not give (malformed, unknown status): try again later. */
    public static VendorError retryable(String message) {
        return VendorError.of(RETRYABLE, null, HttpReply.brief(message));
    }

    /** {@code title: message}, or whichever of the two there is, else {@code neither}. */
    public static String titled(String title, String message, String neither) {
        if (title != null && message != null && !title.equals(message)) return title + ": " + message;
        return message != null ? message : title != null ? title : neither;
    }

    private ErrorClass classify(int status, String code, String reason, String message, boolean submit) {
        ErrorClass byCode = reason == null ? null : codes.get(reason.toUpperCase(Locale.ROOT));
        if (byCode == null) byCode = codes.get(code.toUpperCase(Locale.ROOT));
        if (byCode != null) return byCode;
        ErrorClass byStatus = statuses.get(status);
        if (byStatus != null) return byStatus;
        String words = code + " " + (reason == null ? "" : reason + " ") + message;
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 402 -> OUT_OF_CREDIT;
            case 403, 423 -> mentions(words, CREDIT_WORDS) ? OUT_OF_CREDIT : UNAUTHORIZED;
            case 404 -> submit ? INVALID_REQUEST : VENDOR_TASK_FAILED;
            case 408 -> RETRYABLE;
            case 410 -> submit ? INVALID_REQUEST : OUTPUT_EXPIRED;
            case 429 -> RATE_LIMITED;
            case 451 -> CONTENT_BLOCKED;
            // Other 4xx, and 1xx/3xx (a redirect means a wrong base URL): retrying cannot help.
            default -> status >= 500 ? RETRYABLE
                    : mentions(words, CONTENT_WORDS) ? CONTENT_BLOCKED
                    : INVALID_REQUEST;
        };
    }

    private int businessStatus(HttpReply reply, JsonNode body) {
        String code = statusAt == null || body == null ? null : Json.first(body, statusAt);
        try {
            int business = code == null ? -1 : Integer.parseInt(code.strip());
            return business > 0 && business != 200 ? business : reply.status();
        } catch (NumberFormatException e) {
            return reply.status();
        }
    }

    /** The body as an object; a one-object array (Google's envelope as some proxies pass it) as that object. */
    private static JsonNode body(String text) {
        JsonNode body = Json.object(text);
        String inner = text == null ? "" : text.strip();
        if (body != null || !inner.startsWith("[") || !inner.endsWith("]")) return body;
        return Json.object(inner.substring(1, inner.length() - 1));
    }

    private String withDetails(String message, JsonNode body) {
        if (body == null) return message;
        List<String> details = new ArrayList<>();
        for (String pointer : detailsAt) {
            for (JsonNode item : body.at(pointer).values()) {
                String text = item.isString() ? item.stringValue() : Json.text(item, "message");
                if (text == null || text.isBlank()) continue;
                String field = Json.text(item, "field");
                if (field == null) field = path(item.path("path"));
                details.add(field == null ? text : field + ": " + text);
            }
        }
        String joined = String.join("; ", details);
        return details.isEmpty() || message.contains(joined) ? message : HttpReply.brief(message + " — " + joined);
    }

    /** {@code ["image_urls", 0]} as {@code image_urls[0]}; a plain string as itself. */
    private static String path(JsonNode path) {
        if (path.isString()) return path.stringValue();
        if (!path.isArray() || path.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (JsonNode part : path.values()) {
            if (part.isNumber()) text.append('[').append(part.asString()).append(']');
            else text.append(text.isEmpty() ? "" : ".").append(part.asString());
        }
        return text.toString();
    }

    /** The first text found; a {@code /*} segment tries each item of an array, a list gives its first {@code msg}. */
    private static String first(JsonNode body, List<String> pointers) {
        if (body == null) return null;
        for (String pointer : pointers) {
            int star = pointer.indexOf("/*/");
            String text = star < 0 ? Json.first(body, pointer, pointer + "/0/msg")
                    : body.at(pointer.substring(0, star)).values().stream()
                            .map(item -> first(item, List.of(pointer.substring(star + 2))))
                            .filter(Objects::nonNull).findFirst().orElse(null);
            if (text != null) return text;
        }
        return null;
    }

    static boolean mentions(String text, List<String> words) {
        if (text == null) return false;
        String lower = text.toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(lower::contains);
    }
}
