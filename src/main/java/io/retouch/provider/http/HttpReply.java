package io.retouch.provider.http;

import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
    public static final int BRIEF_LENGTH = 500;

    static HttpReply answered(String op, String method, URI url, int status, HttpHeaders headers, String body, long millis) {
        return new HttpReply(op, method, url, status, headers, body == null ? "" : body, null, false, millis);
    }

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

    /** {@code Retry-After} in delta-seconds (no HTTP-date), when present and sane. */
    public Duration retryAfter() {
        try {
            return header("retry-after")
                    .map(Double::parseDouble)
                    .filter(seconds -> seconds >= 0 && seconds < Duration.ofDays(1).toSeconds())
                    .map(seconds -> Duration.ofMillis(Math.round(seconds * 1000)))
                    .orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A 4xx about the task itself (bad request, unknown id, gone...), as opposed to one about our
     * account or pace (401, 402, 403), about this one call (408 request timeout) or a 429: only
     * the former is a verdict that may end a paid task at poll or collect.
     */
    public boolean isTaskClientError() {
        return answered() && status >= 400 && status < 500 && !NOT_ABOUT_THE_TASK.contains(status);
    }

    private static final java.util.Set<Integer> NOT_ABOUT_THE_TASK = java.util.Set.of(401, 402, 403, 408, 429);

    public VendorCall call(String vendorCode, String message) {
        return new VendorCall(operation, method, url.toString(), status, durationMillis, vendorCode, brief(message));
    }

    public VendorCall call(VendorError error) {
        return call(error.vendorCode(), error.message());
    }

    /** A transport failure, classified: retryable, since no answer says anything about the task. */
    public VendorError transportError() {
        return VendorError.of(io.retouch.provider.ErrorClass.RETRYABLE, null, "transport failure: " + failure);
    }

    public static String brief(String text) {
        if (text == null) return null;
        String flat = text.strip();
        return flat.length() <= BRIEF_LENGTH ? flat : flat.substring(0, BRIEF_LENGTH) + "…";
    }
}
