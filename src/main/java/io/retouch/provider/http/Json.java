package io.retouch.provider.http;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** The first non-blank string or number (vendors disagree on which they send) at one of {@code pointers}, or null. */
    public static String first(JsonNode node, String... pointers) {
        for (String pointer : pointers) {
            JsonNode value = node.at(pointer);
            String text = value.isNumber() ? value.asString() : value.stringValue(null);
            if (text != null && !text.isBlank()) return text;
        }
        return null;
    }

    /**
     * The edit's fields under the names a vendor gives them, each name saying which field it is: the
     * input images are {@code image_urls}, {@code images} or {@code image_input}, the aspect ratio
     * {@code aspect_ratio} or {@code image_size}; {@code seed} is sent only when chosen.
     */
    public static ObjectNode edit(EditRequest edit, ObjectNode body, String... names) {
        for (String name : names) {
            switch (name) {
                case "prompt" -> body.put(name, edit.prompt());
                case "image_urls", "images", "image_input" -> edit.imageUrls().forEach(body.putArray(name)::add);
                case "aspect_ratio", "image_size" -> body.put(name, edit.aspectRatio());
                case "resolution" -> body.put(name, edit.resolution());
                case "output_format" -> body.put(name, edit.outputFormat());
                case "num_images" -> body.put(name, edit.numImages());
                case "seed" -> {
                    if (edit.seed() != null) body.put(name, edit.seed());
                }
                default -> throw new IllegalArgumentException("no edit field is sent as " + name);
            }
        }
        return body;
    }

    /**
     * The output images of {@code list}: a string item is a URL; an object item gives {@code urlField}
     * and, when present, {@code typeField}. Only http(s) and {@code data:} URLs count; other items are skipped.
     */
    public static List<OutputRef> images(JsonNode list, String urlField, String typeField) {
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode item : list.isArray() ? list.values() : List.of(list)) {
            String url = item.isString() ? item.stringValue() : text(item, urlField);
            String lower = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
            if (!lower.startsWith("https://") && !lower.startsWith("http://") && !lower.startsWith("data:")) continue;
            String type = item.isObject() ? text(item, typeField) : null;
            outputs.add(new OutputRef(url.strip(), type != null && type.startsWith("image/") ? type : typeOf(lower)));
        }
        return outputs;
    }

    /** A guess from the URL's extension (the pipeline probes the bytes anyway), or null. */
    private static String typeOf(String url) {
        if (url.startsWith("data:")) return null;
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        return path.endsWith(".webp") ? "image/webp" : null;
    }
}
