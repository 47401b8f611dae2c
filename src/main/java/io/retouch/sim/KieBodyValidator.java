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
    private static final int MAX_PROMPT = 10_000;
    private static final int MAX_IMAGES = 8;
    private static final List<String> OUTPUT_FORMATS = List.of("png", "jpg");

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
        String prompt = null;
        JsonNode promptNode = input.get("prompt");
        if (promptNode == null || promptNode.isNull()) problems.add("input.prompt is required");
        else if (!promptNode.isString() || promptNode.stringValue().isBlank()) problems.add("input.prompt must be a non-empty string");
        else if (promptNode.stringValue().length() > MAX_PROMPT)
            problems.add("input.prompt must be at most " + MAX_PROMPT + " characters");
        else prompt = promptNode.stringValue();
        List<String> images = new ArrayList<>();
        JsonNode imageInput = input.get("image_input");
        if (imageInput != null && !imageInput.isNull() && !imageInput.isArray()) {
            problems.add("input.image_input must be an array of URLs");
        } else if (imageInput != null && imageInput.isArray()) {
            if (imageInput.size() > MAX_IMAGES) problems.add("input.image_input accepts at most " + MAX_IMAGES + " images");
            for (int i = 0; i < imageInput.size(); i++) {
                JsonNode url = imageInput.get(i);
                if (url.isString() && !url.stringValue().isBlank()) images.add(url.stringValue());
                else problems.add("input.image_input[" + i + "] must be a file URL");
            }
        }
        if (images.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("input.image_input")))
            problems.add("input.image_input: the simulator edits images and needs at least one");
        String aspectRatio = literal(input, "aspect_ratio", "1:1", ImageGeometry.ASPECT_RATIOS, problems);
        String resolution = literal(input, "resolution", "1K", ImageGeometry.RESOLUTIONS, problems);
        String format = literal(input, "output_format", "png", OUTPUT_FORMATS, problems);
        if (!problems.isEmpty()) return new Result(null, String.join("; ", problems));
        return new Result(new EditParams(prompt, images, 1, aspectRatio, resolution,
                format.equals("jpg") ? "jpeg" : format, null), null);
    }

    private static String literal(JsonNode input, String field, String fallback, List<String> allowed,
                                  List<String> problems) {
        JsonNode node = input.get(field);
        if (node == null || node.isNull()) return fallback;
        if (node.isString() && allowed.contains(node.stringValue())) return node.stringValue();
        problems.add("input." + field + " must be one of " + String.join(", ", allowed));
        return fallback;
    }
}
