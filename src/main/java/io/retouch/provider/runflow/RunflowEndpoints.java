package io.retouch.provider.runflow;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Runflow's runs API URLs (vendors.md §3.3): create under the model, everything after under
 * {@code /v1/runs/{id}}. The lookup by {@code client_ref} and the cancel URL are assumptions
 * (docs/vendors/runflow.md).
 */
final class RunflowEndpoints {

    static final String MODEL_ID = "google/nano-banana-pro/edit";

    private final String base;

    RunflowEndpoints(URI baseUrl) {
        String s = baseUrl.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        this.base = s;
    }

    URI submit() {
        return URI.create(base + "/v1/models/" + MODEL_ID + "/runs");
    }

    URI run(String runId) {
        return URI.create(base + "/v1/runs/" + segment(runId, "run id"));
    }

    URI cancel(String runId) {
        return URI.create(run(runId) + "/cancel");
    }

    /** ASSUMED: {@code GET /v1/runs?client_ref=…} lists the runs created with that reference. */
    URI byClientRef(String clientRef) {
        return URI.create(base + "/v1/runs?client_ref=" + segment(clientRef, "client_ref"));
    }

    private static String segment(String value, String what) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("Runflow " + what + " is empty");
        // Runflow's ids are UUIDv7; encoding keeps a corrupted stored id from escaping its path segment.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
