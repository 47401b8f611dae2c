package io.retouch.sim;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a kie.ai createTask body against the {@code nano-banana-pro} schema (vendors.md §5.2) and
 * names every problem in one message, as kie's 422 {@code msg} does. {@code jpg} becomes the
 * simulator's {@code jpeg}. kie also takes no input image (text-to-image); the simulator edits
 * images only, so it asks for at least one.
 */
final class KieBodyValidator {

    static final String MODEL = "nano-banana-pro";
    private static final NanoBananaProInput FIELDS =
            new NanoBananaProInput("input.", 10_000, ImageGeometry.ASPECT_RATIOS, "a file URL");

    /** The body as parameters, or the problem to answer 422 with. */
    record Result(EditParams params, String problem) {
    }

    Result validate(byte[] body) {
        JsonNode root;
        try {
            root = HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Result(null, "Request body is not valid JSON");
        }
        if (root == null || !root.isObject()) return new Result(null, "Request body must be a JSON object");
        List<String> problems = new ArrayList<>();
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) problems.add("model is required");
        else if (!model.isString() || !model.stringValue().equals(MODEL))
            problems.add("model '" + model.asString() + "' is not supported, use '" + MODEL + "'");
        JsonNode callBack = root.get("callBackUrl");
        if (callBack != null && !callBack.isNull() && !callBack.isString()) problems.add("callBackUrl must be a string");
        JsonNode input = root.get("input");
        if (input == null || !input.isObject()) {
            problems.add("input is required and must be an object");
            return new Result(null, String.join("; ", problems));
        }
        EditParams params = FIELDS.read(input, problems);
        if (!problems.isEmpty()) return new Result(null, String.join("; ", problems));
        return new Result(params, null);
    }
}
