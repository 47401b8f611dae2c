package io.retouch.provider.http;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import java.net.URI;

/**
 * A submit given up before any byte left: an edit the vendor cannot serve, an input the adapter must
 * send itself and cannot read. Nothing reached the vendor, so nothing is paid.
 */
public final class NotSent extends Exception {

    private final transient VendorError error;

    public NotSent(ErrorClass errorClass, String code, String message) {
        super(message, null, false, false);
        this.error = VendorError.of(errorClass, code, message);
    }

    /** Thrown when {@code vendor} cannot serve {@code request}: nothing is sent for the wrong edit. */
    public static void unlessServed(VendorSpec vendor, io.retouch.provider.EditRequest request) throws NotSent {
        String refusal = vendor.capabilities().refusal(request);
        if (refusal != null)
            throw new NotSent(ErrorClass.INVALID_REQUEST, "not_sent", vendor.label() + " cannot serve this edit: " + refusal);
    }

    /** The refused submit, recorded as a local call to the URL it would have gone to. */
    public SubmitOutcome refused(URI url) {
        return new SubmitOutcome.Refused(error, VendorCall.local("submit", url.toString(), error.vendorCode(), error.message()));
    }
}
