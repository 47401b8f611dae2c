package io.retouch.inputs;

import io.retouch.catalog.VendorCatalog;
import io.retouch.provider.InputTransport;
import io.retouch.provider.VendorDefinition;
import java.util.stream.Collectors;

/**
 * The one rule for how a stored input ({@code s3://}, local files included once staged) reaches a
 * vendor: as a presigned URL, inline as a {@code data:} URI read from the store at submit time, or
 * not at all. Used by {@code retouch run}/{@code restart} before anything is recorded, and by the
 * submit that builds each request, from the vendor's own {@link VendorDefinition#inputTransport}.
 * Inputs given as http(s) URLs never go through it.
 */
public final class InputDelivery {

    public enum Way { PRESIGNED_URL, INLINE, REFUSED }

    /** What to do with a vendor's stored inputs, and why (shown to the operator when refused). */
    public record Decision(Way way, String reason) {}

    private InputDelivery() {
    }

    public static Decision decide(String vendor, boolean simulated, StoreReach store) {
        if (simulated)
            return new Decision(Way.PRESIGNED_URL, "the simulator runs on this host and fetches presigned URLs");
        InputTransport transport = VendorCatalog.find(vendor).map(VendorDefinition::inputTransport).orElse(InputTransport.URL);
        if (transport == InputTransport.FETCHED_BY_RETOUCH)
            return new Decision(Way.PRESIGNED_URL, vendor + " takes images inline; Retouch downloads them itself");
        if (store.reachable()) return new Decision(Way.PRESIGNED_URL, store.why());
        if (transport == InputTransport.DATA_URI)
            return new Decision(Way.INLINE, vendor + " cannot fetch from the store (" + store.why()
                    + "), so the images are sent inline");
        return new Decision(Way.REFUSED, vendor + " fetches input images by URL and cannot reach the S3 store: "
                + store.why());
    }

    /** Vendors that take stored inputs whatever the store (not only by URL): suggested in refusals. */
    public static String inlineVendors() {
        return VendorCatalog.all().stream().filter(v -> v.inputTransport() != InputTransport.URL)
                .map(VendorDefinition::name).sorted().collect(Collectors.joining(", "));
    }
}
