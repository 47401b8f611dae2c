package io.retouch.provider.http;

import io.retouch.provider.Capabilities;
import io.retouch.provider.InputTransport;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A vendor as a handful of facts: its name in specs, its name in messages ({@code label}), what it
 * accepts, where its key and host come from, and how to make its adapter from a {@link Wiring}.
 * {@code requestTimeout} is the default for one exchange: short for vendors that only enqueue,
 * long for vendors that answer with the edit itself. {@code keyReader} reads the key where a vendor
 * combines variables; null takes the first of {@code credentialVariables} that is set.
 * {@code inputTransport} and {@code queuesBeyondConcurrency} are set with {@link #taking} and {@link #queueing}.
 */
public record VendorSpec(
        String name,
        String label,
        Capabilities capabilities,
        List<String> credentialVariables,
        URI defaultBaseUrl,
        Duration requestTimeout,
        List<String> settingVariables,
        Function<Map<String, String>, String> keyReader,
        Function<Wiring, VendorAdapter> opener,
        InputTransport inputTransport,
        boolean queuesBeyondConcurrency) implements VendorDefinition {

    public VendorSpec {
        credentialVariables = List.copyOf(credentialVariables);
        settingVariables = List.copyOf(settingVariables);
    }

    public VendorSpec(String name, String label, Capabilities capabilities, List<String> credentialVariables,
                      URI defaultBaseUrl, Duration requestTimeout, List<String> settingVariables,
                      Function<Map<String, String>, String> keyReader, Function<Wiring, VendorAdapter> opener) {
        this(name, label, capabilities, credentialVariables, defaultBaseUrl, requestTimeout, settingVariables, keyReader,
                opener, InputTransport.URL, false);
    }

    public VendorSpec(String name, String label, Capabilities capabilities, String keyVariable, URI defaultBaseUrl,
                      Duration requestTimeout, Function<Wiring, VendorAdapter> opener) {
        this(name, label, capabilities, List.of(keyVariable), defaultBaseUrl, requestTimeout, List.of(), null, opener);
    }

    /** This vendor, taking input images as its page says ({@link InputTransport}). */
    public VendorSpec taking(InputTransport inputs) {
        return new VendorSpec(name, label, capabilities, credentialVariables, defaultBaseUrl, requestTimeout,
                settingVariables, keyReader, opener, inputs, queuesBeyondConcurrency);
    }

    /** This vendor, which queues work beyond the account's concurrency instead of refusing it. */
    public VendorSpec queueing() {
        return new VendorSpec(name, label, capabilities, credentialVariables, defaultBaseUrl, requestTimeout,
                settingVariables, keyReader, opener, inputTransport, true);
    }

    @Override
    public VendorAdapter open(Connection connection) {
        URI baseUrl = connection.baseUrl() != null ? connection.baseUrl() : fromEnv(connection.env());
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()))
            throw new IllegalArgumentException(label + " base URL must be http(s): " + baseUrl);
        String value = keyReader != null ? keyReader.apply(connection.env()) : key(connection.env());
        Secret key = Secret.of(label + " API key", value);
        Duration timeout = Objects.requireNonNullElse(connection.requestTimeout(), requestTimeout);
        return opener.apply(new Wiring(this, baseUrl, key, timeout, connection.env()));
    }

    /** The base URL variable when set, else the vendor's real host. */
    private URI fromEnv(Map<String, String> env) {
        String value = env.getOrDefault(baseUrlVariable(), "").strip();
        if (value.isEmpty()) return defaultBaseUrl;
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")))
                throw new IllegalArgumentException(baseUrlVariable() + " is not an http(s) URL with a host");
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(baseUrlVariable() + " is not a URL: " + e.getMessage());
        }
    }

    /** The first of {@code credentialVariables} that is set, or an {@link IllegalStateException} naming them all. */
    private String key(Map<String, String> env) {
        return credentialVariables.stream().map(name -> env.getOrDefault(name, "").strip()).filter(v -> !v.isEmpty())
                .findFirst().orElseThrow(() -> new IllegalStateException(label + " credentials missing: set "
                        + String.join(" or ", credentialVariables)));
    }

    /** What an adapter is built from: the vendor, where it is, the key, the exchange timeout, the settings. */
    public record Wiring(VendorSpec vendor, URI baseUrl, Secret key, Duration requestTimeout, Map<String, String> env) {

        /** The base URL (without trailing slashes) followed by {@code path}. */
        public URI url(String path) {
            return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
        }
    }
}
