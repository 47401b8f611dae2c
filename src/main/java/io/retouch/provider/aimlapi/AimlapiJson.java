package io.retouch.provider.aimlapi;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** AIMLAPI's JSON bodies: the request we send and the fields we read from its answer. */
final class AimlapiJson {

    /** The model id on AIMLAPI; {@code google/gemini-3-pro-image-preview-edit} is an alias of it. */
    static final String MODEL = "google/nano-banana-pro-edit";

    private AimlapiJson() {
    }

    /**
     * The request (vendors.md §6.2). AIMLAPI has no {@code output_format} and no {@code seed}, so
     * neither is sent (the capabilities keep rows that ask for them out). {@code provider} is left
     * to AIMLAPI's default ({@code auto}).
     */
    static String submitBody(EditRequest request) {
        ObjectNode body = Json.object();
        body.put("model", MODEL);
        body.put("prompt", request.prompt());
        request.imageUrls().forEach(body.putArray("image_urls")::add);
        body.put("aspect_ratio", request.aspectRatio());
        body.put("resolution", request.resolution());
        body.put("num_images", request.numImages());
        return Json.write(body);
    }

    /**
     * The images of an answer: {@code data[].url} as is (http(s) or {@code data:}), else
     * {@code data[].b64_json} as a {@code data:} URL. Entries with neither are skipped; {@code data}
     * may be null or absent, which gives none.
     */
    static List<OutputRef> outputs(JsonNode answer) {
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode item : answer.path("data").values()) {
            String contentType = Json.text(item, "content_type");
            String url = Json.text(item, "url");
            if (url != null && isFetchable(url)) {
                outputs.add(new OutputRef(url, contentType));
                continue;
            }
            String base64 = Json.text(item, "b64_json");
            if (base64 != null) {
                String type = contentType != null ? contentType : "image/png";
                outputs.add(new OutputRef("data:" + type + ";base64," + base64.strip(), type));
            }
        }
        return outputs;
    }

    /** What the answer says was spent, for the audit trail: {@code credits_used} or {@code tokens_used}. */
    static String usage(JsonNode answer) {
        JsonNode usage = answer.path("meta").path("usage");
        for (String field : List.of("credits_used", "tokens_used", "usd_spent")) {
            String value = Json.code(usage, field);
            if (value != null) return field + " " + value;
        }
        return null;
    }

    private static boolean isFetchable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:");
    }
}
