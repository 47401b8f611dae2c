package io.retouch.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A vendor as Retouch knows it before connecting: its name in job specs, what it accepts, where
 * its credentials come from and how to open an adapter. Known without credentials, so specs and
 * manifest rows are checked against it before anything is spent.
 */
public interface VendorDefinition {

    /** The vendor's name in job specs and task rows, e.g. {@code mulerun}. */
    String name();

    /** What the vendor accepts; rows it cannot serve are rejected at ingest. */
    Capabilities capabilities();

    /** Variables read for credentials, the usual one first (the simulator sets that one); never logged or stored. */
    List<String> credentialVariables();

    /** The variable that overrides the vendor's base URL, e.g. {@code RETOUCH_MULERUN_BASE_URL}. */
    default String baseUrlVariable() {
        return "RETOUCH_" + name().toUpperCase(Locale.ROOT).replace('-', '_') + "_BASE_URL";
    }

    /** How the vendor takes input images: {@code inputs/InputDelivery} decides from it how stored inputs reach it. */
    default InputTransport inputTransport() {
        return InputTransport.URL;
    }

    /**
     * Whether the vendor queues work beyond the account's concurrency instead of refusing it, so a spec
     * may keep tasks queued ahead there ({@code queue-ahead}).
     */
    default boolean queuesBeyondConcurrency() {
        return false;
    }

    /** Further variables the adapter reads from {@link Connection#env()} (tuning, never secrets). */
    List<String> settingVariables();

    /**
     * An adapter ready to call the vendor. Fails with an {@link IllegalStateException} naming the
     * missing variables when the credentials are not there, and an {@link IllegalArgumentException}
     * when a value is malformed; neither message ever contains a credential.
     */
    VendorAdapter open(Connection connection);

    /**
     * How to reach the vendor: {@code baseUrl} null means the base URL variable, else the vendor's
     * real host; {@code env} holds the process environment (or a test's stand-in);
     * {@code requestTimeout} null means the adapter's default.
     */
    record Connection(URI baseUrl, Map<String, String> env, Duration requestTimeout) {

        public Connection {
            env = Map.copyOf(env);
        }
    }
}
