package io.retouch.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a submit body against the Nano Banana Pro edit schema (vendors.md §1.2) and reports every
 * problem at once, with pydantic's messages and error types, as fal's FastAPI front end does.
 * Fields the simulator does not act on (sync_mode, safety_tolerance, …) are accepted and ignored.
 */
final class EditBodyValidator {

    /** fal passes at most this many images on to the model (Google's limit). */
    private static final int MAX_IMAGES = 14;
    private static final List<String> OUTPUT_FORMATS = List.of("jpeg", "png", "webp");

    private final JsonMapper json;

    EditBodyValidator(JsonMapper json) {
        this.json = json;
    }

    /** The body as parameters, or the list of violations to answer 422 with. */
    record Result(EditParams params, List<Violation> violations) {
    }

    Result validate(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return invalid(new Violation(List.of("body"), "JSON decode error", "json_invalid"));
        }
        return validate(root);
    }

    /** The same checks on a body already parsed (Runflow nests fal's schema under {@code input}). */
    Result validate(JsonNode root) {
        if (root == null || !root.isObject()) {
            return invalid(new Violation(List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"));
        }
        List<Violation> violations = new ArrayList<>();
        String prompt = requiredString(root, "prompt", violations);
        List<String> imageUrls = imageUrls(root.get("image_urls"), violations);
        int numImages = (int) optionalInt(root, "num_images", 1, 1, 4, violations);
        String aspectRatio = optionalLiteral(root, "aspect_ratio", "auto", ImageGeometry.ASPECT_RATIOS, violations);
        String resolution = optionalLiteral(root, "resolution", "1K", ImageGeometry.RESOLUTIONS, violations);
        String outputFormat = optionalLiteral(root, "output_format", "png", OUTPUT_FORMATS, violations);
        Long seed = present(root, "seed")
                ? optionalInt(root, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE, violations) : null;
        if (!violations.isEmpty()) {
            return new Result(null, violations);
        }
        return new Result(new EditParams(prompt, imageUrls, numImages, aspectRatio, resolution, outputFormat, seed),
                List.of());
    }

    private static Result invalid(Violation violation) {
        return new Result(null, List.of(violation));
    }

    private static boolean present(JsonNode root, String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    private static String requiredString(JsonNode root, String field, List<Violation> violations) {
        JsonNode node = root.get(field);
        if (node == null) {
            violations.add(Violation.ofField(field, "Field required", "missing"));
        } else if (!node.isString()) {
            violations.add(Violation.ofField(field, "Input should be a valid string", "string_type"));
        } else if (node.stringValue().isBlank()) {
            violations.add(Violation.ofField(field, "String should have at least 1 character", "string_too_short"));
        } else {
            return node.stringValue();
        }
        return null;
    }

    private static List<String> imageUrls(JsonNode node, List<Violation> violations) {
        if (node == null) {
            violations.add(Violation.ofField("image_urls", "Field required", "missing"));
            return List.of();
        }
        if (!node.isArray()) {
            violations.add(Violation.ofField("image_urls", "Input should be a valid list", "list_type"));
            return List.of();
        }
        if (node.size() == 0 || node.size() > MAX_IMAGES) {
            violations.add(Violation.ofField("image_urls", node.size() == 0
                    ? "List should have at least 1 item after validation, not 0"
                    : "List should have at most " + MAX_IMAGES + " items after validation, not " + node.size(),
                    node.size() == 0 ? "too_short" : "too_long"));
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isString() && !node.get(i).stringValue().isBlank()) {
                urls.add(node.get(i).stringValue());
            } else {
                violations.add(new Violation(List.of("body", "image_urls", i), "Input should be a valid URL",
                        "url_type"));
            }
        }
        return urls;
    }

    private static long optionalInt(JsonNode root, String field, long fallback, long min, long max,
                                    List<Violation> violations) {
        if (!present(root, field)) {
            return fallback;
        }
        JsonNode node = root.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            violations.add(Violation.ofField(field, "Input should be a valid integer", "int_type"));
        } else if (node.longValue() < min) {
            violations.add(Violation.ofField(field, "Input should be greater than or equal to " + min,
                    "greater_than_equal"));
        } else if (node.longValue() > max) {
            violations.add(Violation.ofField(field, "Input should be less than or equal to " + max, "less_than_equal"));
        } else {
            return node.longValue();
        }
        return fallback;
    }

    private static String optionalLiteral(JsonNode root, String field, String fallback, List<String> allowed,
                                          List<Violation> violations) {
        if (!present(root, field)) {
            return fallback;
        }
        JsonNode node = root.get(field);
        if (node.isString() && allowed.contains(node.stringValue())) {
            return node.stringValue();
        }
        String choices = allowed.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
        int lastComma = choices.lastIndexOf(", ");
        violations.add(Violation.ofField(field, "Input should be "
                + choices.substring(0, lastComma) + " or" + choices.substring(lastComma + 1), "literal_error"));
        return fallback;
    }
}
