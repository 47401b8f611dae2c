package io.retouch.vendor.fal;

import io.retouch.vendor.VendorCall;
import io.retouch.vendor.VendorError;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.Optional;

/**
 * One exchange with fal as it happened: either an HTTP answer, or the transport failure that took
 * its place ({@code status} 0). Body and failure text are already scrubbed of the API key.
 * {@code nothingSent} says the failure happened before any byte of the request left (connection
 * refused), which is what makes a failed submit safe to call refused rather than in doubt.
 */
record FalReply(
        FalOperation operation,
        URI url,
        int status,
        HttpHeaders headers,
        String body,
        String failure,
        boolean nothingSent,
        long durationMillis) {

    /** Audit rows keep a vendor message, not a vendor page: long bodies are cut to this many characters. */
    static final int BRIEF_LENGTH = 500;

    static FalReply answered(FalOperation op, URI url, int status, HttpHeaders headers, String body, long millis) {
        return new FalReply(op, url, status, headers, body == null ? "" : body, null, false, millis);
    }

    static FalReply failed(FalOperation op, URI url, boolean nothingSent, String failure, long millis) {
        return new FalReply(op, url, 0, HttpHeaders.of(Map.of(), (name, value) -> true), "", failure, nothingSent, millis);
    }

    boolean answered() {
        return failure == null;
    }

    boolean ok() {
        return answered() && status >= 200 && status < 300;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name).map(String::strip);
    }

    VendorCall call(String vendorCode, String message) {
        return new VendorCall(operation.label, operation.method, url.toString(), status, durationMillis,
                vendorCode, brief(message));
    }

    VendorCall call(VendorError error) {
        return call(error.vendorCode(), error.message());
    }

    static String brief(String text) {
        if (text == null) return null;
        String flat = text.strip();
        return flat.length() <= BRIEF_LENGTH ? flat : flat.substring(0, BRIEF_LENGTH) + "…";
    }
}
