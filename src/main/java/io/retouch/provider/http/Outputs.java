package io.retouch.provider.http;

import io.retouch.provider.OutputRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Reading a vendor's list of output images, whichever of the usual shapes it has. */
public final class Outputs {

    private Outputs() {
    }

    /**
     * The images of {@code list}: a string item is a URL; an object item gives {@code urlField} and,
     * when present, {@code typeField}. Only http(s) and {@code data:} URLs count; other items are skipped.
     */
    public static List<OutputRef> read(JsonNode list, String urlField, String typeField) {
        List<OutputRef> outputs = new ArrayList<>();
        Iterable<JsonNode> items = list.isArray() ? list.values() : List.of(list);
        for (JsonNode item : items) {
            String url = item.isString() ? item.stringValue() : Json.text(item, urlField);
            if (url == null || !fetchable(url.strip())) continue;
            String type = item.isObject() ? Json.text(item, typeField) : null;
            outputs.add(new OutputRef(url.strip(), type != null && type.startsWith("image/") ? type : typeOf(url)));
        }
        return outputs;
    }

    /** A guess from the URL's extension (the pipeline probes the bytes anyway), or null. */
    static String typeOf(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        if (path.startsWith("data:")) return null;
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        if (path.endsWith(".webp")) return "image/webp";
        return null;
    }

    private static boolean fetchable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:");
    }
}
