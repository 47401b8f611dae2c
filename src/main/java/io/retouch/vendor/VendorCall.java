package io.retouch.vendor;

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
}
