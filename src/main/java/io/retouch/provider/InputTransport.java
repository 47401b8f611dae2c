package io.retouch.provider;

/** How a vendor takes input images, from its own documentation. */
public enum InputTransport {
    /** Fetches every input from a URL itself. */
    URL,
    /** Also takes an image inline, as {@code data:<mime>;base64,…} where a URL would go. */
    DATA_URI,
    /** Takes images only inline; the adapter downloads each URL itself, in this process. */
    FETCHED_BY_RETOUCH
}
