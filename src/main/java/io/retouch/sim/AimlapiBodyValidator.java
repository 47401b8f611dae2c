package io.retouch.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a {@code POST /v1/images/generations} body against AIMLAPI's schema for
 * {@code google/nano-banana-pro-edit} (vendors.md §6.2, schema version {@code 4cd011cd}) and reports
 * every problem at once, in the words of AIMLAPI's validator (zod: "Required", "Invalid enum value.
 * Expected … , received …"). Fields outside the schema ({@code output_format}, {@code seed}) are
 * ignored, as a non-strict zod object strips them.
 */
final class AimlapiBodyValidator {

    static final List<String> MODELS = List.of("google/nano-banana-pro-edit", "google/gemini-3-pro-image-preview-edit");
    /** No {@code auto}: AIMLAPI's enum lists the ten fixed ratios only (default 1:1). */
    static final List<String> ASPECT_RATIOS =
            List.of("21:9", "1:1", "4:3", "3:2", "2:3", "5:4", "4:5", "3:4", "16:9", "9:16");
    static final List<String> PROVIDERS = List.of("google", "fal", "auto");
    static final int MAX_IMAGES = 14;

    /** One zod issue as AIMLAPI lists it after "Body validation error!". */
    record Issue(String code, String message, List<Object> path) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", code);
            json.put("message", message);
            json.put("path", path);
            return json;
        }
    }

    /** The body as parameters (output format png, no seed), or the issues to answer 400 with. */
    record Result(EditParams params, List<Issue> issues) {
    }

    Result validate(byte[] body) {
        JsonNode root;
        try {
            root = HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Result(null, List.of(new Issue("invalid_type", "Expected object, received string", List.of())));
        }
        if (root == null || !root.isObject()) {
            return new Result(null, List.of(new Issue("invalid_type",
                    "Expected object, received " + type(root), List.of())));
        }
        List<Issue> issues = new ArrayList<>();
        literal(root, "model", null, MODELS, issues);
        String prompt = string(root, "prompt", issues);
        List<String> imageUrls = imageUrls(root.get("image_urls"), issues);
        String aspectRatio = literal(root, "aspect_ratio", "1:1", ASPECT_RATIOS, issues);
        String resolution = literal(root, "resolution", "1K", ImageGeometry.RESOLUTIONS, issues);
        int numImages = numImages(root.get("num_images"), issues);
        literal(root, "provider", "auto", PROVIDERS, issues);
        if (!issues.isEmpty()) return new Result(null, issues);
        return new Result(new EditParams(prompt, imageUrls, numImages, aspectRatio, resolution, "png", null), List.of());
    }

    private static String string(JsonNode root, String field, List<Issue> issues) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            issues.add(new Issue("invalid_type", "Required", List.of(field)));
        } else if (!node.isString()) {
            issues.add(new Issue("invalid_type", "Expected string, received " + type(node), List.of(field)));
        } else if (node.stringValue().isBlank()) {
            issues.add(new Issue("too_small", "String must contain at least 1 character(s)", List.of(field)));
        } else {
            return node.stringValue();
        }
        return null;
    }

    private static List<String> imageUrls(JsonNode node, List<Issue> issues) {
        if (node == null || node.isNull()) {
            issues.add(new Issue("invalid_type", "Required", List.of("image_urls")));
            return List.of();
        }
        if (!node.isArray()) {
            issues.add(new Issue("invalid_type", "Expected array, received " + type(node), List.of("image_urls")));
            return List.of();
        }
        if (node.isEmpty()) {
            issues.add(new Issue("too_small", "Array must contain at least 1 element(s)", List.of("image_urls")));
        } else if (node.size() > MAX_IMAGES) {
            issues.add(new Issue("too_big", "Array must contain at most " + MAX_IMAGES + " element(s)",
                    List.of("image_urls")));
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode url = node.get(i);
            if (url.isString() && !url.stringValue().isBlank()) {
                urls.add(url.stringValue());
            } else {
                issues.add(new Issue("invalid_string", "Invalid url", List.of("image_urls", i)));
            }
        }
        return urls;
    }

    private static int numImages(JsonNode node, List<Issue> issues) {
        if (node == null || node.isNull()) return 1;
        List<Object> path = List.of("num_images");
        if (!node.isNumber()) {
            issues.add(new Issue("invalid_type", "Expected number, received " + type(node), path));
        } else if (!node.isIntegralNumber() && node.doubleValue() != Math.rint(node.doubleValue())) {
            issues.add(new Issue("invalid_type", "Expected integer, received float", path));
        } else if (node.doubleValue() < 1) {
            issues.add(new Issue("too_small", "Number must be greater than or equal to 1", path));
        } else if (node.doubleValue() > 4) {
            issues.add(new Issue("too_big", "Number must be less than or equal to 4", path));
        } else {
            return node.intValue();
        }
        return 1;
    }

    /** An enum field; {@code fallback} null means required. */
    private static String literal(JsonNode root, String field, String fallback, List<String> allowed, List<Issue> issues) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (fallback == null) issues.add(new Issue("invalid_type", "Required", List.of(field)));
            return fallback;
        }
        if (node.isString() && allowed.contains(node.stringValue())) return node.stringValue();
        String expected = allowed.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" | "));
        String received = node.isString() ? "'" + node.stringValue() + "'" : node.toString();
        issues.add(new Issue("invalid_enum_value", "Invalid enum value. Expected " + expected + ", received "
                + received, List.of(field)));
        return fallback;
    }

    private static String type(JsonNode node) {
        if (node == null || node.isNull()) return "null";
        if (node.isString()) return "string";
        if (node.isNumber()) return "number";
        if (node.isBoolean()) return "boolean";
        if (node.isArray()) return "array";
        return "object";
    }
}
