package io.retouch.provider.fal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * fal's queue URLs. The famous quirk: submit goes to {@code {model}/edit}, but status, result and
 * cancel live under {@code {model}/requests/{id}} without the sub-path (fal docs; fal-js
 * {@code queue.ts} rebuilds them from owner/alias only). Polling {@code /edit/requests/...} 404s.
 */
final class FalEndpoints {

    private final String model;
    private final URI submit;

    FalEndpoints(FalSettings settings) {
        this.model = settings.queueBaseUrl() + "/" + settings.modelPath();
        this.submit = URI.create(settings.submitSubPath().isEmpty() ? model : model + "/" + settings.submitSubPath());
    }

    URI submit() {
        return submit;
    }

    URI status(String requestId) {
        return URI.create(request(requestId) + "/status");
    }

    URI result(String requestId) {
        return URI.create(request(requestId));
    }

    URI cancel(String requestId) {
        return URI.create(request(requestId) + "/cancel");
    }

    private String request(String requestId) {
        if (requestId == null || requestId.isBlank()) throw new IllegalArgumentException("fal request id is empty");
        // fal's ids are UUIDs; encoding keeps a corrupted stored id from escaping its path segment.
        return model + "/requests/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
