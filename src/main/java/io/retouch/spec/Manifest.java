package io.retouch.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Where a run's manifest rows come from: a CSV file on this machine, a CSV at an s3:// or http(s)
 * address, or a database query. Holds no credentials: a query names the environment variables that do.
 * Stored with the run as JSON; a stored JSON string is a CSV (runs recorded before queries existed).
 */
@JsonDeserialize(using = Manifest.Json.class)
public sealed interface Manifest {

    /** The folder that relative local inputs of the manifest's rows resolve against. */
    Path inputBase(Path specFile);

    /** The manifest as the operator names it in messages. */
    String describe();

    /** A local CSV file. */
    record CsvFile(Path path) implements Manifest {
        @JsonValue
        String json() {
            return path.toString();
        }

        @Override
        public Path inputBase(Path specFile) {
            return path.getParent();
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }

    /** A CSV at {@code s3://bucket/key} (the configured object store) or an http(s) URL. */
    record CsvAt(URI uri) implements Manifest {
        @JsonValue
        String json() {
            return uri.toString();
        }

        @Override
        public Path inputBase(Path specFile) {
            return specFile.getParent();
        }

        /** As shown in messages and logs: without the query string, where a presigned URL keeps its signature. */
        @Override
        public String describe() {
            return shown(uri);
        }

        public static String shown(URI uri) {
            String text = uri.toString();
            return uri.getRawQuery() == null ? text : text.substring(0, text.indexOf('?')) + "?…";
        }
    }

    /**
     * A query whose result rows are the manifest rows. {@code jdbcUrl} is a JDBC URL or
     * {@code embedded:NAME} (database NAME of the embedded PostgreSQL); the credentials are read from
     * the environment variables named, at check and at read time.
     */
    @JsonDeserialize(using = ValueDeserializer.None.class)
    record Query(String jdbcUrl, String usernameEnv, String passwordEnv, String query, Map<String, String> parameters,
                 int fetchSize) implements Manifest {

        public static final int DEFAULT_FETCH_SIZE = 500;
        /** {@code embedded:NAME}: database NAME on the embedded PostgreSQL of RETOUCH_HOME. */
        static final java.util.regex.Pattern EMBEDDED = java.util.regex.Pattern.compile("embedded:([a-z_][a-z0-9_]{0,62})");

        public Query {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }

        @Override
        public Path inputBase(Path specFile) {
            return specFile.getParent();
        }

        @Override
        public String describe() {
            return "the query on " + jdbcUrl;
        }

        /** The database NAME of {@code embedded:NAME}, or null for a JDBC URL. */
        public String embeddedDatabase() {
            var m = EMBEDDED.matcher(jdbcUrl);
            return m.matches() ? m.group(1) : null;
        }
    }

    /** A local path, an s3:// or http(s) address: the forms of {@code manifest: TEXT}. */
    static boolean isAddress(String text) {
        String lower = text.toLowerCase();
        return lower.startsWith("s3://") || lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** Reads a stored manifest: a string is a CSV (a path, a file: URI, or an address), a mapping a query. */
    final class Json extends ValueDeserializer<Manifest> {
        @Override
        public Manifest deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode node = ctxt.readTree(p);
            if (node.isObject()) return ctxt.readTreeAsValue(node, Query.class);
            String text = node.asString();
            if (isAddress(text)) return new CsvAt(URI.create(text));
            if (text.startsWith("file:")) return new CsvFile(Path.of(URI.create(text)));
            return new CsvFile(Path.of(text));
        }
    }
}
