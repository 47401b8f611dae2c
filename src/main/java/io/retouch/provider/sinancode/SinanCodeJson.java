package io.retouch.provider.sinancode;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SinanCode's JSON: the Nano Banana Pro submit body and the task fields we read. */
final class SinanCodeJson {

    private SinanCodeJson() {
    }

    /**
     * The submit body (vendors.md §4.2 (b)): flat, kie-style field names. No {@code callBackUrl}
     * (Retouch polls); {@code jpeg} is sent as {@code jpg}, the only spelling the endpoint lists.
     */
    static String submitBody(EditRequest request) {
        ObjectNode body = Json.object();
        body.put("prompt", request.prompt());
        request.imageUrls().forEach(body.putArray("image_input")::add);
        body.put("aspect_ratio", request.aspectRatio());
        body.put("resolution", request.resolution());
        body.put("output_format", "jpeg".equals(request.outputFormat()) ? "jpg" : request.outputFormat());
        return Json.write(body);
    }

    /** {@code status}, lower-cased, or null. */
    static String status(JsonNode task) {
        String status = Json.text(task, "status");
        return status == null ? null : status.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The output URLs of a completed task. The docs show {@code result} both as {@code ["url"]} and
     * as {@code [{"type","url"}]} (vendors.md §4.3): both are read, entries without a URL skipped.
     */
    static List<OutputRef> results(JsonNode task) {
        List<OutputRef> outputs = new ArrayList<>();
        JsonNode result = task.path("result");
        Iterable<JsonNode> entries = result.isArray() ? result.values() : List.of(result);
        for (JsonNode entry : entries) {
            String url = entry.isString() ? entry.stringValue() : Json.text(entry, "url");
            if (url != null && !url.isBlank()) outputs.add(new OutputRef(url.strip(), contentType(entry, url)));
        }
        return outputs;
    }

    /** The object form's {@code type} when it is a MIME type, else a guess from the URL's extension. */
    private static String contentType(JsonNode entry, String url) {
        String type = entry.isObject() ? Json.text(entry, "type") : null;
        if (type != null && type.startsWith("image/")) return type;
        String path = url.toLowerCase(Locale.ROOT);
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        if (path.endsWith(".webp")) return "image/webp";
        return null;
    }
}
