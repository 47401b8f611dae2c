package io.retouch.sim;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The nano-banana-pro input fields kie (inside {@code input}) and SinanCode (at the top level) take
 * alike: {@code prompt}, {@code image_input} (≤ 8 URLs), {@code aspect_ratio}, {@code resolution}
 * and {@code output_format} png|jpg, {@code jpg} becoming the simulator's {@code jpeg}. Both
 * endpoints also take no image (text-to-image); the simulator edits images only, so it asks for at
 * least one. Each problem is named by the field's place in the body ({@code prefix} + field).
 */
final class NanoBananaProInput {

    private static final int MAX_IMAGES = 8;
    private static final List<String> OUTPUT_FORMATS = List.of("png", "jpg");

    private final String prefix;
    private final int maxPrompt;
    private final List<String> aspectRatios;
    private final String imageUrlWords;

    /**
     * @param prefix        where the fields sit, e.g. {@code "input."}; empty at the top level
     * @param imageUrlWords what an {@code image_input} item must be, e.g. {@code "a file URL"}
     */
    NanoBananaProInput(String prefix, int maxPrompt, List<String> aspectRatios, String imageUrlWords) {
        this.prefix = prefix;
        this.maxPrompt = maxPrompt;
        this.aspectRatios = aspectRatios;
        this.imageUrlWords = imageUrlWords;
    }

    /** The fields of {@code fields} as parameters; meaningful only if nothing was added to {@code problems}. */
    EditParams read(JsonNode fields, List<String> problems) {
        String prompt = prompt(fields.get("prompt"), problems);
        List<String> images = imageInput(fields.get("image_input"), problems);
        String aspectRatio = literal(fields, "aspect_ratio", "1:1", aspectRatios, problems);
        String resolution = literal(fields, "resolution", "1K", ImageGeometry.RESOLUTIONS, problems);
        String format = literal(fields, "output_format", "png", OUTPUT_FORMATS, problems);
        return new EditParams(prompt, images, 1, aspectRatio, resolution, format.equals("jpg") ? "jpeg" : format, null);
    }

    private String prompt(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) problems.add(prefix + "prompt is required");
        else if (!node.isString() || node.stringValue().isBlank()) problems.add(prefix + "prompt must be a non-empty string");
        else if (node.stringValue().length() > maxPrompt)
            problems.add(prefix + "prompt must be at most " + maxPrompt + " characters");
        else return node.stringValue();
        return null;
    }

    private List<String> imageInput(JsonNode node, List<String> problems) {
        String field = prefix + "image_input";
        List<String> images = new ArrayList<>();
        if (node != null && !node.isNull() && !node.isArray()) {
            problems.add(field + " must be an array of URLs");
        } else if (node != null && node.isArray()) {
            if (node.size() > MAX_IMAGES) problems.add(field + " accepts at most " + MAX_IMAGES + " images");
            for (int i = 0; i < node.size(); i++) {
                JsonNode url = node.get(i);
                if (url.isString() && !url.stringValue().isBlank()) images.add(url.stringValue());
                else problems.add(field + "[" + i + "] must be " + imageUrlWords);
            }
        }
        if (images.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(field)))
            problems.add(field + ": the simulator edits images and needs at least one");
        return images;
    }

    private String literal(JsonNode fields, String field, String fallback, List<String> allowed, List<String> problems) {
        JsonNode node = fields.get(field);
        if (node == null || node.isNull()) return fallback;
        if (node.isString() && allowed.contains(node.stringValue())) return node.stringValue();
        problems.add(prefix + field + " must be one of " + String.join(", ", allowed));
        return fallback;
    }
}
