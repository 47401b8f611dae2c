package io.retouch.provider.fal;

import io.retouch.provider.http.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach fal's queue API. The base URL is configurable so the same adapter talks to
 * {@code queue.fal.run} or to the local simulator (e.g. {@code http://127.0.0.1:PORT/fal}).
 * {@code minPollInterval} is the shortest wait between polls: fal-js polls every 500 ms, the
 * simulator answers far faster, so tests shorten it.
 */
public record FalSettings(
        URI queueBaseUrl,
        String apiKey,
        Duration requestTimeout,
        String modelPath,
        String submitSubPath,
        Duration minPollInterval) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://queue.fal.run");
    public static final String DEFAULT_MODEL_PATH = "fal-ai/nano-banana-pro";
    public static final String DEFAULT_SUBMIT_SUB_PATH = "edit";
    /** Submit only enqueues (fal fetches the input images later), so answers come in well under this. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_POLL_INTERVAL = Duration.ofMillis(500);

    public FalSettings {
        Objects.requireNonNull(queueBaseUrl, "queueBaseUrl");
        if (!"http".equals(queueBaseUrl.getScheme()) && !"https".equals(queueBaseUrl.getScheme()))
            throw new IllegalArgumentException("fal base URL must be http(s): " + queueBaseUrl);
        queueBaseUrl = URI.create(trimSlashes(queueBaseUrl.toString()));
        // Checked here, without echoing the value, so the HTTP client never reports a bad key in an error.
        Secret.of("fal API key", apiKey);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero())
            throw new IllegalArgumentException("fal request timeout must be positive: " + requestTimeout);
        modelPath = trimSlashes(Objects.requireNonNull(modelPath, "modelPath"));
        if (modelPath.isBlank()) throw new IllegalArgumentException("fal model path is empty");
        // May be empty: not every fal model has a sub-path such as /edit.
        submitSubPath = trimSlashes(Objects.requireNonNull(submitSubPath, "submitSubPath"));
        if (minPollInterval == null || minPollInterval.isNegative() || minPollInterval.isZero())
            throw new IllegalArgumentException("fal minimum poll interval must be positive: " + minPollInterval);
    }

    /** The real fal endpoint for Nano Banana Pro edit, with default timeout and pacing. */
    public static FalSettings of(URI queueBaseUrl, String apiKey) {
        return new FalSettings(queueBaseUrl, apiKey, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MODEL_PATH, DEFAULT_SUBMIT_SUB_PATH, DEFAULT_MIN_POLL_INTERVAL);
    }

    /**
     * Reads the key the way fal's own clients do: {@code FAL_KEY}, else {@code FAL_KEY_ID} and
     * {@code FAL_KEY_SECRET} joined as {@code id:secret}. The base URL is {@code baseUrlOverride}
     * when given (a job spec's choice beats the process environment), else
     * {@code RETOUCH_FAL_BASE_URL}, else {@code https://queue.fal.run}.
     */
    public static FalSettings fromEnvironment(Map<String, String> env, URI baseUrlOverride) {
        String baseUrl = env.get("RETOUCH_FAL_BASE_URL");
        URI base = baseUrlOverride != null ? baseUrlOverride
                : isBlank(baseUrl) ? DEFAULT_BASE_URL
                : parse(baseUrl);
        return of(base, keyFrom(env));
    }

    private static URI parse(String baseUrl) {
        try {
            return new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("RETOUCH_FAL_BASE_URL is not a URL: " + e.getMessage());
        }
    }

    private static String keyFrom(Map<String, String> env) {
        String key = env.get("FAL_KEY");
        if (!isBlank(key)) return key.strip();
        String id = env.get("FAL_KEY_ID");
        String secret = env.get("FAL_KEY_SECRET");
        if (!isBlank(id) && !isBlank(secret)) return id.strip() + ":" + secret.strip();
        if (!isBlank(id) || !isBlank(secret))
            throw new IllegalStateException("fal credentials incomplete: FAL_KEY_ID and FAL_KEY_SECRET must both be set"
                    + " (or set FAL_KEY instead)");
        throw new IllegalStateException("fal credentials missing: set FAL_KEY, or FAL_KEY_ID and FAL_KEY_SECRET");
    }

    @Override
    public String toString() {
        return "FalSettings[queueBaseUrl=" + queueBaseUrl + ", apiKey=***, requestTimeout=" + requestTimeout
                + ", modelPath=" + modelPath + ", submitSubPath=" + submitSubPath
                + ", minPollInterval=" + minPollInterval + "]";
    }

    private static String trimSlashes(String s) {
        int start = 0, end = s.length();
        while (start < end && s.charAt(start) == '/') start++;
        while (end > start && s.charAt(end - 1) == '/') end--;
        return s.substring(start, end);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
