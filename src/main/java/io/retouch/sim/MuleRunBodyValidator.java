package io.retouch.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a submit body against MuleRun's {@code nano-banana-pro/edit} schema (vendors.md §2.2):
 * {@code prompt} and {@code images} required; {@code aspect_ratio} (no {@code auto}, default 1:1)
 * and {@code resolution} (1K or 2K, default 2K) optional. MuleRun has no num_images,
 * output_format or seed; the simulator refuses any field the schema does not list, so an adapter
 * that sends one (believing it has an effect) finds out here. Every problem is reported at once.
 */
final class MuleRunBodyValidator {

    /** The schema says 1–10, the prose "maximum 14": the simulator accepts the larger (vendors.md §2.2). */
    static final int MAX_IMAGES = 14;
    static final List<String> ASPECT_RATIOS =
            List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
    static final List<String> RESOLUTIONS = List.of("1K", "2K");
    private static final Set<String> FIELDS = Set.of("prompt", "images", "aspect_ratio", "resolution");

    /** The body as parameters (MuleRun delivers PNG, one image per task), or what is wrong with it. */
    record Result(EditParams params, List<String> problems) {
    }

    Result validate(byte[] body) {
        JsonNode root;
        try {
            root = HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Result(null, List.of("request body is not valid JSON"));
        }
        if (root == null || !root.isObject()) return new Result(null, List.of("request body must be a JSON object"));
        List<String> problems = new ArrayList<>();
        for (String field : root.propertyNames())
            if (!FIELDS.contains(field)) problems.add(field + ": unknown field");
        String prompt = null;
        JsonNode promptNode = root.get("prompt");
        if (promptNode == null || promptNode.isNull()) problems.add("prompt: field required");
        else if (!promptNode.isString() || promptNode.stringValue().isBlank())
            problems.add("prompt: must be a non-empty string");
        else prompt = promptNode.stringValue();
        List<String> images = images(root.get("images"), problems);
        String aspectRatio = literal(root, "aspect_ratio", "1:1", ASPECT_RATIOS, problems);
        String resolution = literal(root, "resolution", "2K", RESOLUTIONS, problems);
        if (!problems.isEmpty()) return new Result(null, problems);
        return new Result(new EditParams(prompt, images, 1, aspectRatio, resolution, "png", null), List.of());
    }

    private static List<String> images(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add("images: field required");
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("images: must be an array of image URLs or data URIs");
            return List.of();
        }
        if (node.isEmpty()) problems.add("images: at least 1 image is required");
        if (node.size() > MAX_IMAGES) problems.add("images: at most " + MAX_IMAGES + " images, got " + node.size());
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode image = node.get(i);
            String value = image.isString() ? image.stringValue().strip() : "";
            if (value.startsWith("http://") || value.startsWith("https://") || value.startsWith("data:image/"))
                urls.add(value);
            else problems.add("images[" + i + "]: must be an http(s) URL or a data:image/... URI");
        }
        return urls;
    }

    private static String literal(JsonNode root, String field, String fallback, List<String> allowed,
                                  List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return fallback;
        if (node.isString() && allowed.contains(node.stringValue())) return node.stringValue();
        problems.add(field + ": must be one of " + String.join(", ", allowed));
        return fallback;
    }
}
