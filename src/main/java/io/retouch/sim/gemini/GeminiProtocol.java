package io.retouch.sim.gemini;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.InputFetcher;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Google's Gemini API under {@code /gemini} (vendors.md §7.1): the synchronous {@code POST
 * /gemini/v1beta/models/gemini-3-pro-image-preview:generateContent} with {@code x-goog-api-key}. The
 * call stays open while the edit runs and answers the image inline. Nothing is polled, so the
 * {@code poll-*} and {@code slow-queue} faults only stretch or never touch a call;
 * {@code expired-output} ends as a success (inline images cannot expire).
 * <p>
 * Also how the Gemini API answers on both surfaces ({@link GeminiBatchProtocol} adds the batch
 * routes): the {@code google.rpc.Status} envelope {@code {"error":{"code","message","status","details"}}},
 * the fault renderings, the key check, the {@code GenerateContentRequest} read into an edit and the
 * {@code GenerateContentResponse} of a simulated request. Google's requests are proto3 JSON, every
 * field in camelCase or snake_case, with lists of parts and Google's own wording: they do not fit
 * {@link io.retouch.sim.BodySchema}, so they are read here.
 */
public class GeminiProtocol extends SimProtocol {

    static final String MODEL = "gemini-3-pro-image-preview";
    private static final String MODELS = "/v1beta/models/";
    private static final String RPC = "type.googleapis.com/google.rpc.";
    private static final List<String> REQUEST_FIELDS = List.of("contents", "generationConfig", "safetySettings",
            "systemInstruction", "tools", "toolConfig", "cachedContent", "model");
    /** In the order Google's message lists them. */
    private static final List<String> RATIOS = List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
    private static final Set<String> MIME_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    /** A request Google would refuse with 400 INVALID_ARGUMENT. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, new Words(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
            Fault.POLL_5XX, new Words(503, "UNAVAILABLE", "The service is currently unavailable."),
            // A prepaid project whose credit ran out (the Gemini API has no 402).
            Fault.OUT_OF_CREDIT, new Words(429, "RESOURCE_EXHAUSTED", "Your prepayment credits are depleted. Please go"
                    + " to AI Studio at https://ai.studio/projects to manage your project and billing."));

    public GeminiProtocol(SimIntake intake) {
        this("gemini", intake);
    }

    GeminiProtocol(String vendor, SimIntake intake) {
        super(vendor, intake, FAULTS);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (keyMissing(exchange)) return;
        if (!path.startsWith(MODELS) || !path.contains(":")) {
            error(exchange, 404, "NOT_FOUND", "Requested entity was not found.");
            return;
        }
        String model = path.substring(MODELS.length(), path.lastIndexOf(':'));
        String method = path.substring(path.lastIndexOf(':') + 1);
        if (!model.equals(MODEL) || !method.equals("generateContent"))
            error(exchange, 404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not supported"
                    + " for " + method + ". Call ListModels to see the list of available models and their supported methods.");
        else if (!exchange.getRequestMethod().equals("POST"))
            error(exchange, 404, "NOT_FOUND", "The requested URL was not found on this server.");
        else generate(exchange);
    }

    private void generate(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Taken taken;
        try {
            taken = take(exchange, body, read(parse(body), ""), null, null);
        } catch (Invalid invalid) {
            error(exchange, 400, "INVALID_ARGUMENT", invalid.getMessage());
            return;
        }
        if (taken == null) return;
        intake.awaitFinish(taken.request());
        accepted(exchange, taken, 200, generateContentResponse(taken.request()));
    }

    /** Google's 400 for an input image it cannot read; a batch with one is refused whole. */
    @Override
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        error(exchange, 400, "INVALID_ARGUMENT", "Unable to process input image. Please retry or report in"
                + " https://developers.generativeai.google/guide/troubleshooting");
    }

    /** {@code code} is Google's status word, e.g. {@code INVALID_ARGUMENT}. */
    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        error(exchange, status, code, message, List.of());
    }

    private static void error(HttpExchange exchange, int status, String code, String message, List<?> details)
            throws IOException {
        Map<String, Object> error = object("code", status, "message", message, "status", code);
        if (!details.isEmpty()) error.put("details", details);
        HttpReplies.json(exchange, status, Map.of("error", error));
    }

    /** Google sends no Retry-After header: its hint is {@code RetryInfo.retryDelay} among the details. */
    @Override
    protected void answer(HttpExchange exchange, Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_429, POLL_429, SUBMIT_429_RETRY_AFTER -> {
                List<Object> details = new ArrayList<>(List.of(
                        Map.of("@type", RPC + "QuotaFailure", "violations", List.of(Map.of(
                                "quotaMetric", "generativelanguage.googleapis.com/generate_content_paid_tier_requests",
                                "quotaId", "GenerateRequestsPerMinutePerProjectPerModel",
                                "quotaDimensions", Map.of("model", MODEL, "location", "global")))),
                        Map.of("@type", RPC + "Help", "links", List.of(Map.of("description", "Learn more about Gemini API"
                                + " quotas", "url", "https://ai.google.dev/gemini-api/docs/rate-limits")))));
                if (fault == Fault.SUBMIT_429_RETRY_AFTER) details.add(Map.of("@type", RPC + "RetryInfo", "retryDelay", "1s"));
                error(exchange, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and"
                        + " billing details. For more information on this error, head to:"
                        + " https://ai.google.dev/gemini-api/docs/rate-limits.", details);
            }
            // An invalid key is a 400 on the Gemini API, told apart by ErrorInfo.reason.
            case UNAUTHORIZED -> error(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    List.of(Map.of("@type", RPC + "ErrorInfo", "reason", "API_KEY_INVALID", "domain", "googleapis.com",
                            "metadata", Map.of("service", "generativelanguage.googleapis.com"))));
            default -> super.answer(exchange, fault);
        }
    }

    /** Answers Google's 403 (not 401) when the call has no key in {@code x-goog-api-key} or {@code ?key=}. */
    final boolean keyMissing(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (key == null || key.isBlank()) key = queryParameter(exchange, "key");
        if (key != null && !key.isBlank()) return false;
        error(exchange, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established"
                + " identity). Please use API Key or other form of API consumer identity to call this API.");
        return true;
    }

    static JsonNode parse(byte[] body) throws Invalid {
        try {
            return HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Invalid("Invalid JSON payload received. Unexpected token.");
        }
    }

    /**
     * A {@code GenerateContentRequest} (vendors.md §7.1) as the edit it asks for: its user text is the
     * prompt, its inline images become {@code data:} URLs (which the intake decodes and checks like
     * any input). {@code at} prefixes field paths in messages, e.g. a batch row's
     * {@code batch.input_config.requests.requests[2].request.}.
     */
    static EditParams read(JsonNode root, String at) throws Invalid {
        require(root != null && root.isObject(), "Invalid JSON payload received. Expected an object at '" + at + "'.");
        known(root, REQUEST_FIELDS, at.isEmpty() ? "" : " at '" + at.substring(0, at.length() - 1) + "'");
        JsonNode contents = root.path("contents");
        require(contents.isArray() && !contents.isEmpty(), "* GenerateContentRequest.contents: contents is not specified");
        StringBuilder prompt = new StringBuilder();
        List<String> images = new ArrayList<>();
        for (int c = 0; c < contents.size(); c++) {
            if (!contents.get(c).path("role").stringValue("user").equals("user")) continue;
            JsonNode parts = contents.get(c).path("parts");
            require(parts.isArray() && !parts.isEmpty(),
                    "* GenerateContentRequest.contents[" + c + "].parts: contents.parts must not be empty.");
            for (int p = 0; p < parts.size(); p++) {
                JsonNode part = parts.get(p);
                String place = at + "contents[" + c + "].parts[" + p + "]";
                if (part.path("text").isString()) {
                    prompt.append(prompt.isEmpty() ? "" : "\n").append(part.path("text").stringValue());
                } else if (field(part, "inlineData") != null) {
                    images.add(dataUrl(field(part, "inlineData"), place + ".inline_data"));
                } else {
                    require(field(part, "fileData") == null,
                            "The simulator does not serve the Files API: send images as inline_data (" + place + ").");
                    throw new Invalid("* GenerateContentRequest." + place + ".data: required oneof field 'data' must have"
                            + " one initialized field");
                }
            }
        }
        require(!prompt.toString().isBlank(),
                "An edit needs a text part with the instruction (the simulator serves edits only).");
        require(!images.isEmpty(), "An edit needs at least one inline_data image part (the simulator serves edits only).");
        require(images.size() <= 14, "Too many images in the request: " + images.size() + " were given, at most 14 are"
                + " supported for " + MODEL + ".");
        JsonNode config = field(root, "generationConfig");
        if (config == null) return new EditParams(prompt.toString(), images, 1, "auto", "1K", "png", null);
        JsonNode modalities = field(config, "responseModalities");
        require(modalities == null || modalities.values().stream().anyMatch(m -> "IMAGE".equals(m.stringValue(null))),
                "The simulator serves image edits: generation_config.response_modalities must include IMAGE.");
        JsonNode seed = field(config, "seed");
        require(seed == null || seed.isIntegralNumber() && seed.canConvertToInt(),
                "Invalid value at '" + at + "generation_config.seed' (TYPE_INT32), " + seed);
        JsonNode imageConfig = field(config, "imageConfig");
        if (imageConfig != null)
            known(imageConfig, List.of("aspectRatio", "imageSize"), " at '" + at + "generation_config.image_config'");
        String ratio = choice(imageConfig, "aspectRatio", RATIOS, "auto", at);
        String size = choice(imageConfig, "imageSize", List.of("1K", "2K", "4K"), "1K", at);
        return new EditParams(prompt.toString(), images, 1, ratio, size, "png", seed == null ? null : seed.longValue());
    }

    static void require(boolean valid, String message) throws Invalid {
        if (!valid) throw new Invalid(message);
    }

    /** A field in either spelling proto3 JSON allows, or null. */
    static JsonNode field(JsonNode node, String camel) {
        JsonNode value = node.has(camel) ? node.get(camel) : node.get(snake(camel));
        return value == null || value.isNull() ? null : value;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** Google's answer to a field it does not know; {@code where} is {@code " at '<path>'"} or empty. */
    private static void known(JsonNode node, List<String> fields, String where) throws Invalid {
        for (String name : node.propertyNames())
            require(fields.contains(name) || fields.stream().anyMatch(f -> snake(f).equals(name)),
                    "Invalid JSON payload received. Unknown name \"" + name + "\"" + where + ": Cannot find field.");
    }

    /** One of {@code image_config}'s enums, or its default when absent. */
    private static String choice(JsonNode imageConfig, String camel, List<String> values, String fallback, String at)
            throws Invalid {
        JsonNode value = imageConfig == null ? null : field(imageConfig, camel);
        if (value == null) return fallback;
        require(values.contains(value.stringValue(null)), "Invalid value at '" + at + "generation_config.image_config."
                + snake(camel) + "': " + value + ". Supported values are " + String.join(", ", values) + ".");
        return value.stringValue();
    }

    private static String dataUrl(JsonNode inline, String at) throws Invalid {
        String mime = field(inline, "mimeType") == null ? "" : field(inline, "mimeType").stringValue("");
        String data = inline.path("data").stringValue("");
        require(!mime.isBlank(), "* GenerateContentRequest." + at + ".mime_type: mime_type must be specified");
        require(MIME_TYPES.contains(mime), "Unsupported MIME type: " + mime);
        require(!data.isEmpty(), "* GenerateContentRequest." + at + ".data: data must not be empty");
        try {
            Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new Invalid("Invalid value at '" + at + ".data' (TYPE_BYTES), Base64 decoding failed for \""
                    + InputFetcher.abbreviate(data) + "\"");
        }
        return "data:" + mime + ";base64," + data;
    }

    /**
     * The {@code GenerateContentResponse} of a completed request: its image inline (outputs cannot
     * expire, so {@code expired-output} ends as a success), a safety block, or a generation that
     * produced no image.
     */
    final Map<String, Object> generateContentResponse(SimRequest request) throws IOException, InterruptedException {
        Map<String, Object> candidate = switch (request.outcome()) {
            case CONTENT_BLOCKED -> object("finishReason", "IMAGE_SAFETY", "finishMessage", "Unable to show the generated"
                    + " image. The image was filtered out because it violated Google's Generative AI Prohibited Use"
                    + " policy. (simulated)");
            case TASK_FAILED -> object("content", Map.of("role", "model", "parts", List.of(Map.of("text",
                            "I'm sorry, I wasn't able to produce the edited image this time."))),
                    "finishReason", "IMAGE_OTHER",
                    "finishMessage", "The model could not generate an image for this request. (simulated)");
            case SUCCEEDED, OUTPUT_EXPIRED -> {
                // Gemini 3 thinks first; thought parts are not the answer.
                List<Object> parts = new ArrayList<>(List.of(Map.of("text", "Planning the edit: " + request.params().prompt(),
                        "thought", true), Map.of("text", "Here is the edited image.")));
                for (OutputRenderer.OutputFile output : intake.renderer().outputs(request)) {
                    String data = Base64.getEncoder().encodeToString(Files.readAllBytes(output.path()));
                    parts.add(Map.of("inlineData", Map.of("mimeType", output.contentType(), "data", data),
                            "thoughtSignature", "c2ltdWxhdGVk"));
                }
                yield object("content", Map.of("role", "model", "parts", parts), "finishReason", "STOP");
            }
        };
        candidate.put("index", 0);
        return object("candidates", List.of(candidate), "usageMetadata", usage(request), "modelVersion", MODEL,
                "responseId", request.id().replace("-", "").substring(0, 22));
    }

    /** Token counts: 258 per input image plus the prompt's, 1120 per image made. */
    static Map<String, Object> usage(SimRequest request) {
        int prompt = 258 * request.inputCount() + 20;
        int candidates = request.producesImages() ? 1120 : 0;
        return Map.of("promptTokenCount", prompt, "candidatesTokenCount", candidates, "totalTokenCount", prompt + candidates);
    }
}
