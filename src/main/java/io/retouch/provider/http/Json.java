package io.retouch.provider.http;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reading vendors' JSON defensively: a malformed answer is a value to classify, never an exception. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.shared();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** The text as a JSON object, or null when it is empty, not JSON, or not an object. */
    public static JsonNode object(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A non-blank string field, or null when it is absent, blank or not a string. */
    public static String text(JsonNode node, String field) {
        String value = node.path(field).stringValue(null);
        return value == null || value.isBlank() ? null : value;
    }

    /** A string or number field as text (vendors disagree on which they send), or null. */
    public static String code(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber()) return value.asString();
        return text(node, field);
    }
}
