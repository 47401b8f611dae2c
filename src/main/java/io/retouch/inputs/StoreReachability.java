package io.retouch.inputs;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@link StoreReach} of the S3 store this process is configured with, judged once, on first
 * use (a configured endpoint's host name may be looked up in DNS).
 */
@Component
public class StoreReachability {

    /** The operator's word, overriding the judgement from the endpoint: {@code true} or {@code false}. */
    public static final String OVERRIDE = "retouch.s3.reachable-by-vendors";
    /** Set by the embedded defaults when they start the in-process store. */
    public static final String EMBEDDED = "retouch.s3.embedded";

    private final Environment env;
    private volatile StoreReach reach;

    public StoreReachability(Environment env) {
        this.env = env;
    }

    /** Whether the store is the embedded one this process starts (its endpoint and credentials are Retouch's own). */
    public boolean embedded() {
        return env.getProperty(EMBEDDED, Boolean.class, false);
    }

    public StoreReach current() {
        StoreReach known = reach;
        if (known == null) {
            known = StoreReach.of(env.getProperty(OVERRIDE), env.getProperty(EMBEDDED, Boolean.class, false),
                    env.getProperty("retouch.s3.endpoint"), StoreReach.DNS);
            reach = known;
        }
        return known;
    }
}
