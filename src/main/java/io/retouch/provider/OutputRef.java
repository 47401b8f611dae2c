package io.retouch.provider;

/** Where a vendor put one output image: an http(s) or {@code data:} URL. Content type may be null. */
public record OutputRef(String url, String contentType) {
}
