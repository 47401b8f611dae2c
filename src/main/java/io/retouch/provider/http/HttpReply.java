package io.retouch.provider.http;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One exchange with a vendor as it happened: either an HTTP answer, or the transport failure that
 * took its place ({@code status} 0). Body and failure text are already scrubbed of credentials.
 * {@code nothingSent} says the failure happened before any byte of the request left (connection
 * refused), which is what makes a failed submit safe to call refused rather than in doubt.
 */
public record HttpReply(
        String operation,
        String method,
        URI url,
        int status,
        HttpHeaders headers,
        String body,
        String failure,
        boolean nothingSent,
        long durationMillis) {

    /** Audit rows keep a vendor message, not a vendor page: long bodies are cut to this many characters. */
    private static final int BRIEF_LENGTH = 500;
    /** Statuses about our account or pace (401-403, 429) or this one call (408), never about the task. */
    private static final Set<Integer> NOT_ABOUT_THE_TASK = Set.of(401, 402, 403, 408, 429);

    static HttpReply failed(String op, String method, URI url, boolean nothingSent, String failure, long millis) {
        return new HttpReply(op, method, url, 0, HttpHeaders.of(Map.of(), (name, value) -> true), "", failure,
                nothingSent, millis);
    }

    public boolean answered() {
        return failure == null;
    }

    public boolean ok() {
        return answered() && status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name).map(String::strip);
    }

    /** The body's {@code hint} when sane, else {@code Retry-After} (delta-seconds, no HTTP-date), or null. */
    public Duration retryAfter(String hint) {
        Duration fromBody = seconds(hint);
        return fromBody != null ? fromBody : seconds(header("retry-after").orElse(null));
    }

    /** Seconds, as a number or a protobuf duration such as {@code "7.5s"}, when under a day; else null. */
    private static Duration seconds(String text) {
        if (text == null) return null;
        try {
            double seconds = Double.parseDouble(text.endsWith("s") ? text.substring(0, text.length() - 1) : text);
            boolean sane = seconds >= 0 && seconds < Duration.ofDays(1).toSeconds();
            return sane ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A 4xx about the task itself (bad request, unknown id, gone...): only such a verdict may end a paid task. */
    public boolean isTaskClientError() {
        return answered() && status >= 400 && status < 500 && !NOT_ABOUT_THE_TASK.contains(status);
    }

    public VendorCall call(String vendorCode, String message) {
        return new VendorCall(operation, method, url.toString(), status, durationMillis, vendorCode, brief(message));
    }

    public VendorCall call(VendorError error) {
        return call(error.vendorCode(), error.message());
    }

    /** A transport failure, classified: retryable, since no answer says anything about the task. */
    public VendorError transportError() {
        return VendorError.of(ErrorClass.RETRYABLE, null, "transport failure: " + failure);
    }

    public static String brief(String text) {
        if (text == null) return null;
        String flat = text.strip();
        return flat.length() <= BRIEF_LENGTH ? flat : flat.substring(0, BRIEF_LENGTH) + "…";
    }
}
