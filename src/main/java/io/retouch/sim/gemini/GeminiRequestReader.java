package io.retouch.sim.gemini;

import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.InputFetcher;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@code GenerateContentRequest} (vendors.md §7.1) into {@link EditParams}, or the
 * {@code INVALID_ARGUMENT} message Google would answer. proto3 JSON: field names in snake_case or
 * camelCase alike. Inline images become {@code data:} URLs, which {@link SimIntake} decodes as it
 * would fetch any input. Outputs are PNG: the Gemini API cannot be asked for another format.
 */
final class GeminiRequestReader {

    static final int MAX_IMAGES = 14;
    private static final Set<String> TOP_LEVEL = Set.of("contents", "generationConfig", "generation_config",
            "safetySettings", "safety_settings", "systemInstruction", "system_instruction", "tools", "toolConfig",
            "tool_config", "cachedContent", "cached_content", "model");
    private static final Set<String> IMAGE_CONFIG = Set.of("aspectRatio", "aspect_ratio", "imageSize", "image_size");
    private static final Set<String> MIME_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    /** A request Google would refuse with 400 INVALID_ARGUMENT. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private GeminiRequestReader() {
    }

    /** {@code at} prefixes field paths in messages, e.g. {@code batch.input_config.requests.requests[2].request.}. */
    static EditParams read(JsonNode root, String at) throws Invalid {
        if (root == null || !root.isObject())
            throw new Invalid("Invalid JSON payload received. Expected an object at '" + at + "'.");
        for (String field : root.propertyNames())
            if (!TOP_LEVEL.contains(field))
                throw new Invalid("Invalid JSON payload received. Unknown name \"" + field + "\""
                        + (at.isEmpty() ? "" : " at '" + at.substring(0, at.length() - 1) + "'") + ": Cannot find field.");
        JsonNode contents = root.path("contents");
        if (!contents.isArray() || contents.isEmpty())
            throw new Invalid("* GenerateContentRequest.contents: contents is not specified");
        StringBuilder prompt = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (int c = 0; c < contents.size(); c++) {
            JsonNode content = contents.get(c);
            String role = content.path("role").stringValue("user");
            if (!role.equals("user")) continue;
            JsonNode parts = content.path("parts");
            if (!parts.isArray() || parts.isEmpty())
                throw new Invalid("* GenerateContentRequest.contents[" + c + "].parts: contents.parts must not be empty.");
            for (int p = 0; p < parts.size(); p++) {
                String field = at + "contents[" + c + "].parts[" + p + "]";
                JsonNode part = parts.get(p);
                JsonNode inline = part.has("inline_data") ? part.get("inline_data") : part.get("inlineData");
                if (part.path("text").isString()) {
                    prompt.append(prompt.isEmpty() ? "" : "\n").append(part.path("text").stringValue());
                } else if (inline != null) {
                    images.add(dataUrl(inline, field + ".inline_data"));
                } else if (part.has("file_data") || part.has("fileData")) {
                    throw new Invalid("The simulator does not serve the Files API: send images as inline_data (" + field + ").");
                } else {
                    throw new Invalid("* GenerateContentRequest." + field + ".data: required oneof field 'data' must have"
                            + " one initialized field");
                }
            }
        }
        if (prompt.toString().isBlank())
            throw new Invalid("An edit needs a text part with the instruction (the simulator serves edits only).");
        if (images.isEmpty())
            throw new Invalid("An edit needs at least one inline_data image part (the simulator serves edits only).");
        if (images.size() > MAX_IMAGES)
            throw new Invalid("Too many images in the request: " + images.size() + " were given, at most " + MAX_IMAGES
                    + " are supported for " + GoogleProtocol.MODEL + ".");
        JsonNode config = field(root, "generationConfig", "generation_config");
        String aspectRatio = "auto";
        String imageSize = "1K";
        Long seed = null;
        if (config != null) {
            JsonNode modalities = field(config, "responseModalities", "response_modalities");
            if (modalities != null && modalities.isArray()
                    && modalities.values().stream().noneMatch(m -> "IMAGE".equals(m.stringValue(null))))
                throw new Invalid("The simulator serves image edits: generation_config.response_modalities must"
                        + " include IMAGE.");
            JsonNode seedNode = config.get("seed");
            if (seedNode != null && !seedNode.isNull()) {
                if (!seedNode.isIntegralNumber() || !seedNode.canConvertToInt())
                    throw new Invalid("Invalid value at '" + at + "generation_config.seed' (TYPE_INT32), " + seedNode);
                seed = seedNode.longValue();
            }
            JsonNode imageConfig = field(config, "imageConfig", "image_config");
            if (imageConfig != null) {
                for (String name : imageConfig.propertyNames())
                    if (!IMAGE_CONFIG.contains(name))
                        throw new Invalid("Invalid JSON payload received. Unknown name \"" + name + "\" at '" + at
                                + "generation_config.image_config': Cannot find field.");
                JsonNode ratio = field(imageConfig, "aspectRatio", "aspect_ratio");
                if (ratio != null) {
                    String value = ratio.stringValue(null);
                    if (value == null || value.equals("auto") || !ImageGeometry.ASPECT_RATIOS.contains(value))
                        throw new Invalid("Invalid value at '" + at + "generation_config.image_config.aspect_ratio': "
                                + ratio + ". Supported values are 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9.");
                    aspectRatio = value;
                }
                JsonNode size = field(imageConfig, "imageSize", "image_size");
                if (size != null) {
                    String value = size.stringValue(null);
                    if (value == null || !ImageGeometry.RESOLUTIONS.contains(value))
                        throw new Invalid("Invalid value at '" + at + "generation_config.image_config.image_size': "
                                + size + ". Supported values are 1K, 2K, 4K.");
                    imageSize = value;
                }
            }
        }
        return new EditParams(prompt.toString(), images, 1, aspectRatio, imageSize, "png", seed);
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode value = node.has(camel) ? node.get(camel) : node.get(snake);
        return value == null || value.isNull() ? null : value;
    }

    private static String dataUrl(JsonNode inline, String at) throws Invalid {
        String mime = inline.has("mime_type") ? inline.path("mime_type").stringValue(null)
                : inline.path("mimeType").stringValue(null);
        String data = inline.path("data").stringValue(null);
        if (mime == null || mime.isBlank())
            throw new Invalid("* GenerateContentRequest." + at + ".mime_type: mime_type must be specified");
        if (!MIME_TYPES.contains(mime)) throw new Invalid("Unsupported MIME type: " + mime);
        if (data == null || data.isEmpty())
            throw new Invalid("* GenerateContentRequest." + at + ".data: data must not be empty");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new Invalid("Invalid value at '" + at + ".data' (TYPE_BYTES), Base64 decoding failed for \""
                    + InputFetcher.abbreviate(data) + "\"");
        }
        // Checked before anything is accepted, so a batch is refused whole rather than in part.
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null || !ImageIO.getImageReaders(in).hasNext())
                throw new Invalid(GoogleProtocol.UNREADABLE_IMAGE);
        } catch (IOException e) {
            throw new Invalid("Unable to process input image.");
        }
        return "data:" + mime + ";base64," + data;
    }
}
