package io.retouch.provider;

import java.time.Duration;

/** A classified vendor failure, keeping the vendor's own code and message. */
public record VendorError(ErrorClass errorClass, String vendorCode, String message, Duration retryAfter) {

    public static VendorError of(ErrorClass errorClass, String vendorCode, String message) {
        return new VendorError(errorClass, vendorCode, message, null);
    }

    @Override
    public String toString() {
        return errorClass + (vendorCode == null ? "" : " [" + vendorCode + "]") + ": " + message;
    }
}
