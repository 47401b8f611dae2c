package io.retouch.provider.fal;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** fal's JSON bodies: the submit request we send and the fields we read from its answers. */
final class FalJson {

    private static final JsonMapper JSON = Json.MAPPER;

    private FalJson() {
    }

    /**
     * The edit input (vendors.md §1.2). Only fields Retouch decides are sent, so fal's defaults for
     * the rest ({@code sync_mode}, {@code safety_tolerance}, web search...) stay fal's; {@code seed}
     * only when chosen, since fal picks a random one when it is absent.
     */
    static String submitBody(EditRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("prompt", request.prompt());
        request.imageUrls().forEach(body.putArray("image_urls")::add);
        body.put("num_images", request.numImages());
        body.put("aspect_ratio", request.aspectRatio());
        body.put("resolution", request.resolution());
        body.put("output_format", request.outputFormat());
        if (request.seed() != null) body.put("seed", request.seed());
        return JSON.writeValueAsString(body);
    }

    /** The output images of a finished request; entries without a URL are skipped. */
    static List<OutputRef> images(JsonNode result) {
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode image : result.path("images").values()) {
            String url = Json.text(image, "url");
            if (url != null) outputs.add(new OutputRef(url, Json.text(image, "content_type")));
        }
        return outputs;
    }
}
