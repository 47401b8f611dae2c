package io.retouch.provider.runflow;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runflow's JSON bodies: the run we create and the fields we read from run objects. */
final class RunflowJson {

    private RunflowJson() {
    }

    /**
     * The create-run body (vendors.md §3.3, fields §3.2/§8): the edit input under {@code input},
     * our attempt id as {@code client_ref}. Only fields Retouch decides are sent; {@code seed} only
     * when chosen. No {@code callback_url}: Retouch polls.
     */
    static String submitBody(EditRequest request, String attemptId) {
        ObjectNode body = Json.object();
        ObjectNode input = body.putObject("input");
        input.put("prompt", request.prompt());
        request.imageUrls().forEach(input.putArray("image_urls")::add);
        input.put("aspect_ratio", request.aspectRatio());
        input.put("resolution", request.resolution());
        input.put("num_images", request.numImages());
        input.put("output_format", request.outputFormat());
        if (request.seed() != null) input.put("seed", request.seed());
        if (attemptId != null) body.put("client_ref", attemptId);
        return Json.write(body);
    }

    /** The run's status word, lower-cased: {@code status_code}, else {@code status} (the docs use both). */
    static String status(JsonNode run) {
        String status = Json.text(run, "status_code");
        if (status == null) status = Json.text(run, "status");
        return status == null ? null : status.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The output images of a finished run. Runflow's normalized output shape is not pinned down
     * (vendors.md §3.3), so the first non-empty of {@code output.image_urls[]},
     * {@code output.images[].url} and {@code output.outputs[].url} is taken — never a mix, which
     * would list one image twice when Runflow sends several views of the same output.
     */
    static List<OutputRef> images(JsonNode run) {
        JsonNode output = run.path("output");
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode url : output.path("image_urls").values())
            if (url.isString() && !url.stringValue().isBlank()) outputs.add(new OutputRef(url.stringValue(), null));
        if (!outputs.isEmpty()) return outputs;
        outputs.addAll(entries(output.path("images")));
        if (!outputs.isEmpty()) return outputs;
        return entries(output.path("outputs"));
    }

    private static List<OutputRef> entries(JsonNode list) {
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode entry : list.values()) {
            String type = Json.text(entry, "type");
            if (type != null && !type.equalsIgnoreCase("image")) continue;
            String url = Json.text(entry, "url");
            if (url == null) continue;
            String contentType = Json.text(entry, "content_type");
            if (contentType == null) contentType = Json.text(entry, "mime_type");
            outputs.add(new OutputRef(url, contentType));
        }
        return outputs;
    }
}
