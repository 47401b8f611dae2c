package io.retouch.spec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code manifest:}: a local path relative to the spec, an s3:// or http(s) address, or a
 * mapping for a query. Only the form is checked here; whether the address or the database answers
 * is checked before the run is recorded (io.retouch.manifest.ManifestSources).
 */
final class ManifestSpecs {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Bound by Retouch itself: see docs/job-spec.md#named-parameters. */
    static final Set<String> RESERVED = Set.of("since", "now");

    private ManifestSpecs() {
    }

    static Manifest read(Path specFile, SpecReader r) {
        if (r.isMapping("manifest")) return query(r.section("manifest", true));
        String raw = r.text("manifest", null);
        if (raw == null) return null;
        if (Manifest.isAddress(raw.trim())) return address(raw.trim(), r);
        if (raw.trim().matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            r.problem("manifest", "'" + raw + "' has a scheme Retouch does not read; give a local path, s3://bucket/key, an http(s) URL, or a query mapping");
            return null;
        }
        Path manifest = specFile.getParent().resolve(raw).normalize();
        if (!Files.isRegularFile(manifest)) r.problem("manifest", "file " + manifest + " not found");
        return new Manifest.CsvFile(manifest);
    }

    private static Manifest address(String raw, SpecReader r) {
        try {
            URI uri = new URI(raw);
            boolean s3 = "s3".equalsIgnoreCase(uri.getScheme());
            if (uri.getHost() == null && !s3 || s3 && (uri.getAuthority() == null || uri.getPath().length() < 2))
                throw new IllegalArgumentException();
            if (uri.getRawUserInfo() != null) {
                r.problem("manifest", "must not hold a user or password (a spec is stored with its run): give a URL that needs none, or s3://");
                return null;
            }
            return new Manifest.CsvAt(uri);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            r.problem("manifest", "'" + raw + "' is not of the form s3://bucket/key or a URL with a host");
            return null;
        }
    }

    private static Manifest query(SpecReader r) {
        r.onlyKnown(Set.of("jdbc-url", "username-env", "password-env", "query", "parameters", "fetch-size"));
        String url = r.text("jdbc-url", null);
        if (url != null && !url.startsWith("jdbc:") && !Manifest.Query.EMBEDDED.matcher(url).matches())
            r.problem("jdbc-url", "'" + url + "' is neither a JDBC URL (jdbc:...) nor embedded:NAME"
                    + " (NAME: lowercase letters, digits and '_', the first not a digit)");
        if (url != null && holdsSecret(url))
            r.problem("jdbc-url", "must not hold a password (a spec is stored with its run); name the environment variable that holds it in password-env");
        String user = envName(r, "username-env");
        String password = envName(r, "password-env");
        String query = r.text("query", null);
        if (query != null && query.isBlank()) r.problem("query", "is empty");
        Map<String, String> parameters = r.texts("parameters");
        for (String name : parameters.keySet()) {
            if (RESERVED.contains(name)) r.problem("parameters." + name, "is bound by Retouch itself (:since, :now); pick another name");
            else if (!PARAMETER.matcher(name).matches()) r.problem("parameters." + name, "must be letters, digits and '_', the first not a digit");
        }
        int fetchSize = (int) r.integer("fetch-size", Manifest.Query.DEFAULT_FETCH_SIZE, 1, 100_000);
        return new Manifest.Query(url, user, password, query, parameters, fetchSize);
    }

    /** A password in a JDBC URL: a parameter, user:password@host, or Oracle's user/password@host. */
    static boolean holdsSecret(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return u.matches("(?s).*[?;&:]\\s*(ssl)?(password|pwd)\\s*=.*") || u.matches("(?s).*//[^/?;@]*:[^/?;@]*@.*")
                || u.matches("(?s)jdbc:oracle:[a-z]+:[^@/:]+/[^@]+@.*");
    }

    /** The name of an environment variable: never a value, so no credential is ever in a spec or stored. */
    private static String envName(SpecReader r, String field) {
        if (!r.has(field)) return null;
        String name = r.text(field, null);
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            r.problem(field, "'" + name + "' is not the name of an environment variable (letters, digits, '_');"
                    + " give the variable's name here and the credential in the environment");
            return null;
        }
        return name;
    }
}
