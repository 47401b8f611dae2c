package io.retouch.sim;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a SinanCode Nano Banana Pro body (vendors.md §4.2 (b)): {@code prompt} ≤ 5000,
 * {@code image_input} ≤ 8 URLs, {@code aspect_ratio} one of ten (no {@code auto}),
 * {@code resolution}, {@code output_format} png|jpg. The endpoint also takes no image
 * (text-to-image); the simulator edits images only, so it asks for at least one.
 */
final class SinanCodeBodyValidator {

    private static final int MAX_PROMPT = 5_000;
    private static final int MAX_IMAGES = 8;
    private static final List<String> ASPECT_RATIOS =
            ImageGeometry.ASPECT_RATIOS.stream().filter(r -> !r.equals("auto")).toList();
    private static final List<String> OUTPUT_FORMATS = List.of("png", "jpg");

    /** The body as parameters, or the problem to answer 400 with. */
    record Result(EditParams params, String problem) {
    }

    Result validate(byte[] body) {
        JsonNode root;
        try {
            root = HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Result(null, "request body is not valid JSON");
        }
        if (root == null || !root.isObject()) return new Result(null, "request body must be a JSON object");
        List<String> problems = new ArrayList<>();
        String prompt = null;
        JsonNode promptNode = root.get("prompt");
        if (promptNode == null || promptNode.isNull()) problems.add("prompt is required");
        else if (!promptNode.isString() || promptNode.stringValue().isBlank()) problems.add("prompt must be a non-empty string");
        else if (promptNode.stringValue().length() > MAX_PROMPT)
            problems.add("prompt must be at most " + MAX_PROMPT + " characters");
        else prompt = promptNode.stringValue();
        List<String> images = new ArrayList<>();
        JsonNode imageInput = root.get("image_input");
        if (imageInput != null && !imageInput.isNull() && !imageInput.isArray()) {
            problems.add("image_input must be an array of URLs");
        } else if (imageInput != null && imageInput.isArray()) {
            if (imageInput.size() > MAX_IMAGES) problems.add("image_input accepts at most " + MAX_IMAGES + " images");
            for (int i = 0; i < imageInput.size(); i++) {
                JsonNode url = imageInput.get(i);
                if (url.isString() && !url.stringValue().isBlank()) images.add(url.stringValue());
                else problems.add("image_input[" + i + "] must be an image URL");
            }
        }
        if (images.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("image_input")))
            problems.add("image_input: the simulator edits images and needs at least one");
        String aspectRatio = literal(root, "aspect_ratio", "1:1", ASPECT_RATIOS, problems);
        String resolution = literal(root, "resolution", "1K", ImageGeometry.RESOLUTIONS, problems);
        String format = literal(root, "output_format", "png", OUTPUT_FORMATS, problems);
        if (!problems.isEmpty()) return new Result(null, String.join("; ", problems));
        return new Result(new EditParams(prompt, images, 1, aspectRatio, resolution,
                format.equals("jpg") ? "jpeg" : format, null), null);
    }

    private static String literal(JsonNode root, String field, String fallback, List<String> allowed,
                                  List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return fallback;
        if (node.isString() && allowed.contains(node.stringValue())) return node.stringValue();
        problems.add(field + " must be one of " + String.join(", ", allowed));
        return fallback;
    }
}
