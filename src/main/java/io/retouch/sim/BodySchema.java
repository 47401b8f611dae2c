package io.retouch.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A vendor's request body as its page documents it: every field it names, with its type, whether it
 * is required, its allowed values and its default. Reading a body checks it strictly — a field the
 * page does not name, a missing required field, a value of the wrong type or outside the page's
 * choices is a {@link Problem} — so an adapter that drifts from the page is refused, in the
 * vendor's own error shape (each protocol renders the problems). Problems use pydantic's messages
 * and types, as fal's FastAPI front end does; other vendors join the messages into theirs.
 */
public final class BodySchema {

    enum Kind { TEXT, URLS, CHOICE, INTEGER, FLAG, OBJECT }

    /** One documented field; {@code fallback} is the page's default, applied when the field is absent. */
    public record Field(String name, Kind kind, boolean required, List<String> choices, long min, long max,
                        Object fallback, BodySchema nested) {}

    /** One thing wrong with a body: where ({@code loc} after {@code "body"}), pydantic's message and type. */
    public record Problem(List<Object> loc, String msg, String type) {

        /** E.g. {@code input.image_urls[0]}. */
        public String field() {
            StringBuilder text = new StringBuilder();
            for (Object part : loc) {
                if (part instanceof Integer i) text.append('[').append(i).append(']');
                else text.append(text.isEmpty() ? "" : ".").append(part);
            }
            return text.toString();
        }
    }

    /** A body read against the schema: the values (defaults applied) or the problems. */
    public record Reading(Map<String, Object> values, List<Problem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }

        public String text(String field) {
            return (String) values.get(field);
        }

        @SuppressWarnings("unchecked")
        public List<String> urls(String field) {
            return (List<String>) values.get(field);
        }

        public Long integer(String field) {
            return (Long) values.get(field);
        }

        public Reading nested(String field) {
            return (Reading) values.get(field);
        }

        /** Every problem as {@code field: message}, joined. */
        public String describe() {
            return problems.stream().map(p -> p.field() + ": " + p.msg()).collect(Collectors.joining("; "));
        }
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();

    private BodySchema(Field... fields) {
        for (Field field : fields) this.fields.put(field.name(), field);
    }

    public static BodySchema of(Field... fields) {
        return new BodySchema(fields);
    }

    public static Field text(String name, boolean required, int maxLength) {
        return new Field(name, Kind.TEXT, required, List.of(), required ? 1 : 0, maxLength, null, null);
    }

    /** A list of image URLs (or {@code data:} URIs, which the simulator fetches alike). */
    public static Field urls(String name, boolean required, int min, int max) {
        return new Field(name, Kind.URLS, required, List.of(), min, max, null, null);
    }

    /** One of {@code choices}; required when there is no {@code fallback}. */
    public static Field choice(String name, String fallback, List<String> choices) {
        return new Field(name, Kind.CHOICE, fallback == null, List.copyOf(choices), 0, 0, fallback, null);
    }

    public static Field integer(String name, Long fallback, long min, long max) {
        return new Field(name, Kind.INTEGER, false, List.of(), min, max, fallback, null);
    }

    public static Field flag(String name) {
        return new Field(name, Kind.FLAG, false, List.of(), 0, 0, Boolean.FALSE, null);
    }

    public static Field nested(String name, boolean required, BodySchema nested) {
        return new Field(name, Kind.OBJECT, required, List.of(), 0, 0, null, nested);
    }

    /** The raw request body read against the schema; a body that is not a JSON object is one problem. */
    public Reading read(byte[] body) {
        try {
            return read(HttpReplies.JSON.readTree(body), List.of());
        } catch (JacksonException e) {
            return new Reading(Map.of(), List.of(new Problem(List.of("body"), "JSON decode error", "json_invalid")));
        }
    }

    private Reading read(JsonNode root, List<Object> at) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (root == null || !root.isObject()) {
            problems.add(new Problem(at.isEmpty() ? List.of("body") : at,
                    "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"));
            return new Reading(values, problems);
        }
        for (Field field : fields.values()) {
            JsonNode node = root.get(field.name());
            boolean absent = node == null || node.isNull();
            if (absent && field.required()) problems.add(new Problem(loc(at, field.name()), "Field required", "missing"));
            Object value = absent ? null : value(field, node, loc(at, field.name()), problems);
            values.put(field.name(), value != null ? value : field.fallback());
        }
        for (String name : root.propertyNames())
            if (!fields.containsKey(name)) problems.add(new Problem(loc(at, name), "Extra inputs are not permitted", "extra_forbidden"));
        return new Reading(values, problems);
    }

    private Object value(Field field, JsonNode node, List<Object> loc, List<Problem> problems) {
        return switch (field.kind()) {
            case TEXT -> {
                if (!node.isString()) yield fail(problems, loc, "Input should be a valid string", "string_type");
                String text = node.stringValue();
                if (text.isBlank() && field.min() > 0)
                    yield fail(problems, loc, "String should have at least 1 character", "string_too_short");
                if (text.length() > field.max())
                    yield fail(problems, loc, "String should have at most " + field.max() + " characters", "string_too_long");
                yield text;
            }
            case URLS -> {
                if (!node.isArray()) yield fail(problems, loc, "Input should be a valid list", "list_type");
                if (node.size() < field.min())
                    fail(problems, loc, "List should have at least " + field.min() + " item after validation, not " + node.size(), "too_short");
                if (node.size() > field.max())
                    fail(problems, loc, "List should have at most " + field.max() + " items after validation, not " + node.size(), "too_long");
                List<String> urls = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode url = node.get(i);
                    if (url.isString() && !url.stringValue().isBlank()) urls.add(url.stringValue().strip());
                    else fail(problems, loc(loc, i), "Input should be a valid URL", "url_type");
                }
                yield urls;
            }
            case CHOICE -> {
                if (node.isString() && field.choices().contains(node.stringValue())) yield node.stringValue();
                String choices = field.choices().stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
                int last = choices.lastIndexOf(", ");
                yield fail(problems, loc, "Input should be " + (last < 0 ? choices
                        : choices.substring(0, last) + " or" + choices.substring(last + 1)), "literal_error");
            }
            case INTEGER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong())
                    yield fail(problems, loc, "Input should be a valid integer", "int_type");
                if (node.longValue() < field.min())
                    yield fail(problems, loc, "Input should be greater than or equal to " + field.min(), "greater_than_equal");
                if (node.longValue() > field.max())
                    yield fail(problems, loc, "Input should be less than or equal to " + field.max(), "less_than_equal");
                yield node.longValue();
            }
            case FLAG -> node.isBoolean() ? node.booleanValue() : fail(problems, loc, "Input should be a valid boolean", "bool_type");
            case OBJECT -> {
                Reading nested = field.nested().read(node, loc);
                problems.addAll(nested.problems());
                yield nested;
            }
        };
    }

    private static Object fail(List<Problem> problems, List<Object> loc, String msg, String type) {
        problems.add(new Problem(loc, msg, type));
        return null;
    }

    private static List<Object> loc(List<Object> at, Object part) {
        return Stream.concat(at.stream(), Stream.of(part)).toList();
    }
}
