package io.retouch.provider;

/**
 * The record of one HTTP exchange with a vendor, for the audit trail. Never holds credentials:
 * {@code url} is the request URL as sent (vendors here take keys in headers, never in URLs).
 * {@code status} is 0 when no HTTP response arrived.
 */
public record VendorCall(
        String operation,
        String method,
        String url,
        int status,
        long durationMillis,
        String vendorCode,
        String message) {

    /** A record of an operation answered without an HTTP exchange (a held answer, a local refusal): status 0. */
    public static VendorCall local(String operation, String url, String vendorCode, String message) {
        return new VendorCall(operation, "LOCAL", url, 0, 0, vendorCode, message);
    }
}
