package io.retouch.inputs;

import java.util.Map;
import java.util.TreeSet;

/**
 * The one rule for how a stored input ({@code s3://}, local files included once staged) reaches a
 * vendor: as a presigned URL, inline as a {@code data:} URI read from the store at submit time, or
 * not at all. Used by {@code retouch run}/{@code restart} before anything is recorded, and by the
 * submit that builds each request. Inputs given as http(s) URLs never go through it.
 */
public final class InputDelivery {

    /** How a vendor takes input images, from its own documentation. */
    enum Transport {
        /** Fetches every input from a URL itself. */
        URL,
        /** Also takes an image inline, as {@code data:<mime>;base64,…} where a URL would go. */
        DATA_URI,
        /** Takes images only inline; the adapter downloads each URL itself, in this process. */
        FETCHED_BY_RETOUCH
    }

    /**
     * Vendors that do not fetch only URLs, by their name in job specs; every other vendor does.
     * MuleRun's page: "Supports both image URLs and base64-encoded images … data:image/png;base64,…";
     * AIMLAPI's schema: "List of URLs or local Base64 encoded images"; Gemini's adapters read the
     * inputs themselves and send {@code inline_data}. fal's data-URI support for this model is not
     * documented, kie.ai wants URLs (it offers an upload API, not used), SinanCode and Runflow show
     * URLs only.
     */
    static final Map<String, Transport> TRANSPORTS = Map.of(
            "mulerun", Transport.DATA_URI,
            "aimlapi", Transport.DATA_URI,
            "gemini", Transport.FETCHED_BY_RETOUCH,
            "gemini-batch", Transport.FETCHED_BY_RETOUCH);

    public enum Way { PRESIGNED_URL, INLINE, REFUSED }

    /** What to do with a vendor's stored inputs, and why (shown to the operator when refused). */
    public record Decision(Way way, String reason) {}

    private InputDelivery() {
    }

    public static Decision decide(String vendor, boolean simulated, StoreReach store) {
        if (simulated)
            return new Decision(Way.PRESIGNED_URL, "the simulator runs on this host and fetches presigned URLs");
        Transport transport = TRANSPORTS.getOrDefault(vendor, Transport.URL);
        if (transport == Transport.FETCHED_BY_RETOUCH)
            return new Decision(Way.PRESIGNED_URL, vendor + " takes images inline; Retouch downloads them itself");
        if (store.reachable()) return new Decision(Way.PRESIGNED_URL, store.why());
        if (transport == Transport.DATA_URI)
            return new Decision(Way.INLINE, vendor + " cannot fetch from the store (" + store.why()
                    + "), so the images are sent inline");
        return new Decision(Way.REFUSED, vendor + " fetches input images by URL and cannot reach the S3 store: "
                + store.why());
    }

    /** Vendors that take stored inputs whatever the store: suggested in refusals. */
    public static String inlineVendors() {
        return String.join(", ", new TreeSet<>(TRANSPORTS.keySet()));
    }
}
