package io.retouch.provider.gemini;

import io.retouch.provider.VendorDefinition;
import io.retouch.provider.http.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the Gemini API (vendors.md §7): base URL (Google's host or the simulator's
 * {@code /gemini} path), the API key and the request timeout. Shared by the synchronous adapter and
 * the Batch adapter, which read the same variables.
 */
public record GeminiSettings(URI baseUrl, String apiKey, Duration requestTimeout) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com");
    /** The Gemini API's own variable first (what Google's SDKs read), then the older alias. */
    public static final List<String> CREDENTIAL_VARIABLES = List.of("GEMINI_API_KEY", "GOOGLE_API_KEY");
    public static final String MODEL = "gemini-3-pro-image-preview";

    public GeminiSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()))
            throw new IllegalArgumentException("Gemini base URL must be http(s): " + baseUrl);
        String text = baseUrl.toString();
        while (text.endsWith("/")) text = text.substring(0, text.length() - 1);
        baseUrl = URI.create(text);
        // Checked here, without echoing the value, so no HTTP client ever reports a bad key in an error.
        Secret.of("Gemini API key", apiKey);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero())
            throw new IllegalArgumentException("Gemini request timeout must be positive: " + requestTimeout);
    }

    /** Settings from a connection: key from {@link #CREDENTIAL_VARIABLES}, base URL per the definition. */
    public static GeminiSettings from(VendorDefinition vendor, VendorDefinition.Connection connection,
                                      Duration defaultTimeout) {
        String key = connection.credential("Gemini", CREDENTIAL_VARIABLES);
        return new GeminiSettings(connection.baseUrl(vendor, DEFAULT_BASE_URL), key,
                connection.requestTimeout(defaultTimeout));
    }

    public Secret secret() {
        return Secret.of("Gemini API key", apiKey);
    }

    /** The key travels in this header only, never in a URL (Google also accepts {@code ?key=}; we do not use it). */
    public Map<String, String> authHeaders() {
        return Map.of("x-goog-api-key", apiKey);
    }

    /** {@code POST …/v1beta/models/gemini-3-pro-image-preview:<method>}, e.g. {@code generateContent}. */
    public URI modelMethod(String method) {
        return URI.create(baseUrl + "/v1beta/models/" + MODEL + ":" + method);
    }

    /** Under {@code …/v1beta/}, e.g. {@code batches/123} or {@code batches/123:cancel}. */
    public URI resource(String path) {
        return URI.create(baseUrl + "/v1beta/" + path);
    }

    @Override
    public String toString() {
        return "GeminiSettings[baseUrl=" + baseUrl + ", apiKey=***, requestTimeout=" + requestTimeout + "]";
    }
}
