package io.retouch.provider.gemini;

import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.OutputRef;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code GenerateContentRequest} we send and the {@code GenerateContentResponse} we read
 * (vendors.md §7.1), shared by the synchronous call and each row of a Batch.
 */
public final class GeminiCodec {

    private GeminiCodec() {
    }

    /** What one answered generation came to: an image, or why there is none. */
    public sealed interface Answer {
        record Image(OutputRef output) implements Answer {}

        record NoImage(VendorError error) implements Answer {}
    }

    /**
     * The request: prompt first, then the images in order, then the generation config. Google
     * reads snake_case and camelCase alike (proto3 JSON); parts use the snake_case of Google's REST
     * examples. {@code aspectRatio} is left out for {@code auto} (the model follows the input);
     * {@code seed} only when chosen. No output format: the Gemini API has none.
     */
    public static ObjectNode request(EditRequest edit, List<GeminiInputs.InlineImage> images) {
        ObjectNode request = Json.object();
        ObjectNode content = request.putArray("contents").addObject();
        content.put("role", "user");
        ArrayNode parts = content.putArray("parts");
        parts.addObject().put("text", edit.prompt());
        for (GeminiInputs.InlineImage image : images) {
            ObjectNode inline = parts.addObject().putObject("inline_data");
            inline.put("mime_type", image.mimeType());
            inline.put("data", image.base64());
        }
        ObjectNode config = request.putObject("generationConfig");
        config.putArray("responseModalities").add("TEXT").add("IMAGE");
        if (edit.seed() != null) config.put("seed", edit.seed().intValue());
        ObjectNode imageConfig = config.putObject("imageConfig");
        if (!"auto".equals(edit.aspectRatio())) imageConfig.put("aspectRatio", edit.aspectRatio());
        imageConfig.put("imageSize", edit.resolution());
        return request;
    }

    /** Why Google cannot take this seed (it is an int32), or null. */
    public static String seedRefusal(EditRequest edit) {
        Long seed = edit.seed();
        return seed == null || (seed >= Integer.MIN_VALUE && seed <= Integer.MAX_VALUE) ? null
                : "seed " + seed + " does not fit Gemini's 32-bit generationConfig.seed";
    }

    /**
     * Reads a {@code GenerateContentResponse}: the last non-thought part of the first candidate that
     * carries inline image data is the output; without one, the finish reason (or the prompt's
     * block reason) says whether the content was blocked or the generation just failed.
     */
    public static Answer read(JsonNode response) {
        JsonNode candidates = response.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            JsonNode feedback = response.path("promptFeedback");
            String blockReason = Json.text(feedback, "blockReason");
            if (blockReason != null) {
                String message = Json.text(feedback, "blockReasonMessage");
                return new Answer.NoImage(VendorError.of(ErrorClass.CONTENT_BLOCKED, blockReason,
                        message != null ? HttpReply.brief(message) : "Gemini blocked the prompt (" + blockReason + ")"));
            }
            return new Answer.NoImage(VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "NO_CANDIDATES",
                    "Gemini answered without candidates or a block reason"));
        }
        JsonNode candidate = candidates.get(0);
        String finishReason = Json.text(candidate, "finishReason");
        JsonNode image = null;
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts").values()) {
            if (part.path("thought").asBoolean(false)) continue;
            JsonNode inline = part.has("inlineData") ? part.path("inlineData") : part.path("inline_data");
            if (Json.text(inline, "data") != null) image = inline;
            String partText = Json.text(part, "text");
            if (partText != null) text.append(text.isEmpty() ? "" : " ").append(partText.strip());
        }
        ErrorClass byReason = GeminiErrors.forFinishReason(finishReason);
        if (image != null && byReason != ErrorClass.CONTENT_BLOCKED) {
            String mime = Json.text(image, "mimeType");
            if (mime == null) mime = Json.text(image, "mime_type");
            if (mime == null) mime = "image/png";
            return new Answer.Image(new OutputRef("data:" + mime + ";base64," + Json.text(image, "data"), mime));
        }
        String code = finishReason == null ? "NO_IMAGE" : finishReason.equals("STOP") ? "STOP_WITHOUT_IMAGE" : finishReason;
        String finishMessage = Json.text(candidate, "finishMessage");
        String message = finishMessage != null ? finishMessage
                : !text.isEmpty() ? "Gemini answered without an image: " + text
                : "Gemini answered without an image (finishReason " + (finishReason == null ? "absent" : finishReason) + ")";
        return new Answer.NoImage(VendorError.of(byReason, code, HttpReply.brief(message)));
    }
}
