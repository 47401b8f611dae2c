package io.retouch.provider.gemini;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.InputTransport;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
import io.retouch.provider.OutputRef;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.NotSent;
import io.retouch.provider.http.SyncApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Gemini API's synchronous {@code generateContent} for {@code gemini-3-pro-image-preview}
 * (vendors.md §7.1): the image comes back inline on the submit itself; inputs go inline too
 * ({@link GeminiInputs}). A 200 without an image (blocked, or text only) is final: Google bills the
 * prompt's tokens, and the same content would be answered the same way. Also what both Gemini
 * surfaces share: model, host, key, capabilities, error table, request and answer reading.
 */
public final class GeminiAdapter extends SyncApi {

    static final String MODEL = "gemini-3-pro-image-preview";
    static final URI HOST = URI.create("https://generativelanguage.googleapis.com");
    /** The Gemini API's own variable first (what Google's SDKs read), then the older alias. */
    static final List<String> KEY_VARIABLES = List.of("GEMINI_API_KEY", "GOOGLE_API_KEY");

    static final Capabilities CAPABILITIES = new Capabilities(
            // "auto" is sent by leaving imageConfig.aspectRatio out: the model then follows the input.
            Set.copyOf(EditVocabulary.ASPECT_RATIOS), Set.copyOf(EditVocabulary.RESOLUTIONS),
            // The Gemini API has no output format field (outputMimeType is Vertex-only): images come back PNG.
            Set.of("png"),
            14,
            // One image per call; more than one per row is emulated by the pipeline splitting rows.
            1,
            // Google counts tokens, not characters (65,536 input tokens for this model); 10,000
            // characters stays far below that and matches the largest limit any relay documents.
            10_000,
            // generationConfig.seed is part of the API; whether it makes image output repeatable is
            // unknown (vendors.md §7.1). It is sent when given; it is never a promise.
            true);

    /**
     * A 4K edit can take minutes; the call is the whole edit, so its timeout is the edit's. Gemini fetches
     * nothing: the adapter downloads every input and sends it as {@code inline_data} ({@link GeminiInputs}).
     */
    public static final VendorSpec SPEC = new VendorSpec("gemini", "Gemini", CAPABILITIES, KEY_VARIABLES, HOST,
            Duration.ofMinutes(5), List.of(), null, GeminiAdapter::new).taking(InputTransport.FETCHED_BY_RETOUCH);

    /**
     * Google's envelope {@code {"error":{"code","message","status","details"}}}: the vendor code is the status
     * word, with the {@code ErrorInfo} reason if any; the retry hint is {@code RetryInfo.retryDelay} (Google
     * sends no {@code Retry-After}, which is read only as a fallback).
     */
    static final ErrorTable ERRORS = ErrorTable.of("Gemini")
            .codeAt("/error/status").reasonAt("/error/details/*/reason").messageAt("/error/message")
            .retryAt("/error/details/*/retryDelay")
            // Google answers an invalid key with 400 INVALID_ARGUMENT, told apart by its reason (or words).
            .onCode("API_KEY_INVALID", UNAUTHORIZED)
            // Billing not enabled, or no free tier in the region: the account cannot be used as it stands,
            // so the lane stops as when credit runs out. (A 403 naming billing is so by the common rule.)
            .onCode("FAILED_PRECONDITION", OUT_OF_CREDIT)
            // Any other 400 is our request's fault, whatever its words.
            .on(400, INVALID_REQUEST)
            // 499 CANCELLED: the server gave the call up; nothing was done.
            .on(499, RETRYABLE)
            // At poll and collect: the batch is unknown, or the id malformed.
            .verdicts(400, 404, 410)
            .adjust(GeminiAdapter::byWords);

    /** Finish and block reasons that mean Google's safety or policy filters stopped the image. */
    private static final Set<String> BLOCKED = Set.of("IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "PROHIBITED_CONTENT",
            "SAFETY", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION");

    private final GeminiInputs inputs = new GeminiInputs();

    private GeminiAdapter(VendorSpec.Wiring wiring) {
        super(wiring, ERRORS, auth(wiring), new HeldResults());
    }

    /** Google bills the tokens of an answer; an error answer (504 DEADLINE_EXCEEDED included) carries none. */
    @Override
    protected boolean mayHaveWorked(HttpReply reply) {
        return false;
    }

    @Override
    protected URI submitUrl() {
        return modelUrl(wiring, "generateContent");
    }

    @Override
    protected String submitBody(EditRequest request) throws NotSent {
        return Json.write(request(request, inputs));
    }

    @Override
    protected List<OutputRef> outputs(JsonNode answer) {
        return image(answer);
    }

    @Override
    protected VendorError noImages(JsonNode answer) {
        return withoutImage(answer);
    }

    @Override
    public void close() {
        super.close();
        inputs.close();
    }

    /** The key travels in this header only, never in a URL (Google also takes {@code ?key=}; we do not). */
    static Map<String, String> auth(VendorSpec.Wiring wiring) {
        return Map.of("x-goog-api-key", wiring.key().value());
    }

    /** {@code POST …/v1beta/models/gemini-3-pro-image-preview:<method>}, e.g. {@code generateContent}. */
    static URI modelUrl(VendorSpec.Wiring wiring, String method) {
        return wiring.url("/v1beta/models/" + MODEL + ":" + method);
    }

    /**
     * An invalid key's words, where the reason is missing; a prepaid project out of credit, which answers 429
     * too (the ordinary quota 429 says "check your plan and billing details", so billing alone says nothing).
     */
    private static ErrorClass byWords(HttpReply reply, ErrorClass byStatus) {
        String body = reply.body().toLowerCase(Locale.ROOT);
        if (reply.status() == 400 && body.contains("api key not valid")) return UNAUTHORIZED;
        if (reply.status() == 429 && (body.contains("prepayment") || body.contains("credits are depleted")))
            return OUT_OF_CREDIT;
        return byStatus;
    }

    /**
     * The request: prompt, then the images inline in order, then the generation config. Google reads
     * snake_case and camelCase alike (proto3 JSON); parts use the snake_case of Google's REST examples.
     * {@code aspectRatio} is left out for {@code auto}; {@code seed} is sent only when chosen, and must fit an int32.
     */
    static ObjectNode request(EditRequest edit, GeminiInputs inputs) throws NotSent {
        Long seed = edit.seed();
        if (seed != null && (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE))
            throw new NotSent(INVALID_REQUEST, "seed_out_of_range",
                    "seed " + seed + " does not fit Gemini's 32-bit generationConfig.seed");
        ObjectNode request = Json.object();
        ArrayNode parts = request.putArray("contents").addObject().put("role", "user").putArray("parts");
        parts.addObject().put("text", edit.prompt());
        inputs.inline(edit.imageUrls(), parts);
        ObjectNode config = request.putObject("generationConfig");
        config.putArray("responseModalities").add("TEXT").add("IMAGE");
        if (seed != null) config.put("seed", seed.intValue());
        ObjectNode imageConfig = config.putObject("imageConfig");
        if (!"auto".equals(edit.aspectRatio())) imageConfig.put("aspectRatio", edit.aspectRatio());
        imageConfig.put("imageSize", edit.resolution());
        return request;
    }

    /** The last non-thought inline image of the first candidate; none when a filter stopped the candidate. */
    static List<OutputRef> image(JsonNode response) {
        JsonNode candidate = response.path("candidates").path(0);
        JsonNode image = null;
        for (JsonNode part : candidate.path("content").path("parts").values()) {
            JsonNode inline = part.has("inlineData") ? part.path("inlineData") : part.path("inline_data");
            if (!part.path("thought").asBoolean(false) && Json.text(inline, "data") != null) image = inline;
        }
        if (image == null || blocked(Json.text(candidate, "finishReason"))) return List.of();
        String mime = Json.text(image, "mimeType");
        if (mime == null) mime = Json.text(image, "mime_type");
        if (mime == null) mime = "image/png";
        return List.of(new OutputRef("data:" + mime + ";base64," + Json.text(image, "data"), mime));
    }

    /**
     * Why a {@code GenerateContentResponse} has no image: blocked when its finish reason (or, without candidates,
     * the prompt's block reason) names a filter, else failed. The model's own text, if any, is the message.
     */
    static VendorError withoutImage(JsonNode response) {
        JsonNode candidate = response.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            JsonNode feedback = response.path("promptFeedback");
            String blockReason = Json.text(feedback, "blockReason");
            if (blockReason == null)
                return VendorError.of(VENDOR_TASK_FAILED, "NO_CANDIDATES",
                        "Gemini answered without candidates or a block reason");
            String message = Json.text(feedback, "blockReasonMessage");
            return VendorError.of(CONTENT_BLOCKED, blockReason,
                    message != null ? HttpReply.brief(message) : "Gemini blocked the prompt (" + blockReason + ")");
        }
        String reason = Json.text(candidate, "finishReason");
        String text = candidate.path("content").path("parts").valueStream()
                .filter(part -> !part.path("thought").asBoolean(false)).map(part -> Json.text(part, "text"))
                .filter(Objects::nonNull).map(String::strip).collect(Collectors.joining(" "));
        String message = Json.text(candidate, "finishMessage");
        if (message == null) message = !text.isEmpty() ? "Gemini answered without an image: " + text
                : "Gemini answered without an image (finishReason " + (reason == null ? "absent" : reason) + ")";
        String code = reason == null ? "NO_IMAGE" : reason.equals("STOP") ? "STOP_WITHOUT_IMAGE" : reason;
        return VendorError.of(blocked(reason) ? CONTENT_BLOCKED : VENDOR_TASK_FAILED, code, HttpReply.brief(message));
    }

    private static boolean blocked(String reason) {
        return reason != null && BLOCKED.contains(reason);
    }

}
