package io.retouch.provider.kie;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** kie.ai's JSON: the createTask body we send and the fields we read from its envelopes. */
final class KieJson {

    static final String MODEL = "nano-banana-pro";

    private KieJson() {
    }

    /**
     * The createTask body (vendors.md §5.2). No {@code callBackUrl}: Retouch polls. kie only knows
     * {@code jpg}, so Retouch's {@code jpeg} is sent as {@code jpg}.
     */
    static String createTaskBody(EditRequest request) {
        ObjectNode body = Json.object();
        body.put("model", MODEL);
        ObjectNode input = body.putObject("input");
        input.put("prompt", request.prompt());
        request.imageUrls().forEach(input.putArray("image_input")::add);
        input.put("aspect_ratio", request.aspectRatio());
        input.put("resolution", request.resolution());
        input.put("output_format", "jpeg".equals(request.outputFormat()) ? "jpg" : request.outputFormat());
        return Json.write(body);
    }

    /**
     * The envelope's business code: {@code code} as a number or numeric string, or -1 when absent
     * or unreadable. kie answers most errors as HTTP 200 with this code (vendors.md §0.5).
     */
    static int businessCode(JsonNode envelope) {
        String code = Json.code(envelope, "code");
        if (code == null) return -1;
        try {
            return Integer.parseInt(code.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The envelope's message: createTask says {@code msg}, recordInfo says {@code message}. */
    static String message(JsonNode envelope) {
        String message = Json.text(envelope, "msg");
        return message != null ? message : Json.text(envelope, "message");
    }

    /** {@code data.state}, lower-cased, or null. */
    static String state(JsonNode envelope) {
        String state = Json.text(envelope.path("data"), "state");
        return state == null ? null : state.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The output URLs of a successful task: {@code data.resultJson} is a JSON <em>string</em>
     * {@code {"resultUrls":[…]}}; an object in its place is read the same way. Null when resultJson
     * is missing or unreadable (as opposed to readable and empty).
     */
    static List<OutputRef> resultUrls(JsonNode envelope) {
        JsonNode resultJson = envelope.path("data").path("resultJson");
        JsonNode result = resultJson.isObject() ? resultJson
                : resultJson.isString() ? Json.object(resultJson.stringValue()) : null;
        if (result == null) return null;
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode url : result.path("resultUrls").values()) {
            if (url.isString() && !url.stringValue().isBlank()) {
                String u = url.stringValue().strip();
                outputs.add(new OutputRef(u, contentType(u)));
            }
        }
        return outputs;
    }

    /** A guess from the URL's extension; the pipeline probes the bytes anyway. */
    private static String contentType(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        if (path.endsWith(".webp")) return "image/webp";
        return null;
    }
}
