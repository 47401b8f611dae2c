package io.retouch.spec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** Reads one mapping of a spec, collecting problems with the full field path instead of stopping at the first. */
final class SpecReader {

    private final String path;
    private final JsonNode node;
    private final List<String> problems;

    SpecReader(String path, JsonNode node, List<String> problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    SpecReader section(String field, boolean required) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            if (required) problems.add(name(field) + ": is required");
            return new SpecReader(name(field), tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), problems);
        }
        if (!child.isObject()) problems.add(name(field) + ": must be a mapping of fields");
        return new SpecReader(name(field), child, problems);
    }

    /** The entries of a list field, each read at its own path ({@code vendors[0]}); empty when absent. */
    List<SpecReader> list(String field) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) return List.of();
        if (!child.isArray()) {
            problems.add(name(field) + ": must be a list");
            return List.of();
        }
        List<SpecReader> entries = new java.util.ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            String at = name(field) + "[" + i + "]";
            JsonNode entry = child.get(i);
            if (!entry.isObject()) problems.add(at + ": must be a mapping of fields");
            entries.add(new SpecReader(at, entry.isObject() ? entry
                    : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), problems));
        }
        return entries;
    }

    String text(String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) problems.add(name(field) + ": is required");
            return fallback;
        }
        if (!v.isValueNode()) {
            problems.add(name(field) + ": must be a single value");
            return fallback;
        }
        return v.asString();
    }

    String oneOf(String field, String fallback, List<String> allowed, Function<String, String> normalize) {
        String raw = text(field, fallback);
        if (raw == null) return null;
        String value = normalize.apply(raw);
        if (value == null || !allowed.contains(value)) {
            problems.add(name(field) + ": '" + raw + "' is not one of " + allowed);
            return fallback;
        }
        return value;
    }

    /** {@code true} or {@code false}, {@code fallback} when absent. */
    boolean bool(String field, boolean fallback) {
        return Boolean.parseBoolean(oneOf(field, String.valueOf(fallback), List.of("true", "false"), s -> s.trim().toLowerCase()));
    }

    long integer(String field, long fallback, long min, long max) {
        String raw = text(field, String.valueOf(fallback));
        try {
            long v = Long.parseLong(raw.trim());
            if (v < min || v > max) problems.add(name(field) + ": must be between " + min + " and " + max + ", got " + v);
            return v;
        } catch (NumberFormatException e) {
            problems.add(name(field) + ": '" + raw + "' is not a whole number");
            return fallback;
        }
    }

    <T> T parsed(String field, String fallback, Function<String, T> parser) {
        String raw = text(field, fallback);
        if (raw == null) return null;
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            problems.add(name(field) + ": " + e.getMessage());
            return null;
        }
    }

    boolean isMapping(String field) {
        return has(field) && node.get(field).isObject();
    }

    /** A mapping of single values, as text, in the order written; empty when absent. */
    java.util.Map<String, String> texts(String field) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        SpecReader section = section(field, false);
        for (Iterator<String> it = section.node.propertyNames().iterator(); it.hasNext(); ) {
            String key = it.next();
            String value = section.text(key, "");
            if (value != null) values.put(key, value);
        }
        return values;
    }

    boolean has(String field) {
        return node.get(field) != null && !node.get(field).isNull();
    }

    void problem(String field, String message) {
        problems.add(name(field) + ": " + message);
    }

    /** Flags fields nobody reads, which are usually typos of ones we do. */
    void onlyKnown(Set<String> known) {
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) problems.add(name(field) + ": unknown field (known: " + known.stream().sorted().toList() + ")");
        }
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
