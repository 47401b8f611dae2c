package io.retouch.inputs;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a vendor on the internet can fetch a presigned URL of the S3 store Retouch uses. Known
 * from the configuration alone: the operator's explicit word ({@code retouch.s3.reachable-by-vendors}),
 * else the embedded store is not, an endpoint whose host is a loopback, link-local or private address
 * is not, and anything else (AWS, a public endpoint) is. {@code why} says which, for messages.
 */
public record StoreReach(boolean reachable, String why) {

    /** Resolves a host name to its addresses; a stand-in in tests, DNS otherwise. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param override   {@code retouch.s3.reachable-by-vendors}: "true", "false", or null/blank to decide from the rest
     * @param embedded   whether Retouch started the embedded S3 store
     * @param endpoint   {@code retouch.s3.endpoint}, null or blank for AWS S3
     */
    public static StoreReach of(String override, boolean embedded, String endpoint, Resolver resolver) {
        if (override != null && !override.isBlank()) {
            String value = override.strip().toLowerCase(Locale.ROOT);
            if (value.equals("true")) return new StoreReach(true, "retouch.s3.reachable-by-vendors is true");
            if (value.equals("false")) return new StoreReach(false, "retouch.s3.reachable-by-vendors is false");
            throw new IllegalArgumentException("retouch.s3.reachable-by-vendors must be true or false, got '" + override + "'");
        }
        if (embedded)
            return new StoreReach(false, "the embedded S3 store listens on this host only (" + endpoint + ")");
        if (endpoint == null || endpoint.isBlank()) return new StoreReach(true, "AWS S3 is on the internet");
        String host = host(endpoint);
        if (host == null) return new StoreReach(true, "the S3 endpoint " + endpoint + " names no host to judge");
        String local = localKind(host, resolver);
        return local == null
                ? new StoreReach(true, "the S3 endpoint " + endpoint + " has a public address")
                : new StoreReach(false, "the S3 endpoint " + endpoint + " is " + local);
    }

    private static String host(String endpoint) {
        try {
            String host = URI.create(endpoint.strip()).getHost();
            if (host == null) return null;
            // an IPv6 literal comes bracketed
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What makes {@code host} unreachable from the internet ("a loopback address"...), or null when
     * nothing does. A name that does not resolve here is given the benefit of the doubt: this
     * process could not use the store either, and says so when it tries.
     */
    static String localKind(String host, Resolver resolver) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) return "a loopback address";
        List<InetAddress> addresses;
        try {
            // an address literal is parsed, never looked up
            addresses = LITERAL.matcher(host).matches() || host.contains(":")
                    ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress address : addresses) {
            String kind = kind(address);
            if (kind != null) return kind + (address.getHostAddress().equals(host) ? "" : " (" + address.getHostAddress() + ")");
        }
        return null;
    }

    static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) return "a loopback address";
        if (a.isAnyLocalAddress()) return "a wildcard address";
        if (a.isLinkLocalAddress()) return "a link-local address";
        if (a.isSiteLocalAddress()) return "a private address";
        byte[] b = a.getAddress();
        if (b.length == 16 && (b[0] & 0xfe) == 0xfc) return "a private address"; // IPv6 unique local, fc00::/7
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) return "a private address"; // carrier-grade NAT, 100.64.0.0/10
        return null;
    }
}
