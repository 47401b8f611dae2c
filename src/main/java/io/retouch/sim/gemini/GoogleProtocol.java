package io.retouch.sim.gemini;

import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Google's Gemini API answers (vendors.md §7): the {@code google.rpc.Status} error envelope
 * {@code {"error":{"code","message","status","details"}}} everywhere, the fault renderings both
 * Gemini protocols share, and {@code GenerateContentResponse} bodies for a simulated request.
 */
abstract class GoogleProtocol extends SimProtocol {

    static final String MODEL = "gemini-3-pro-image-preview";
    private static final String RPC = "type.googleapis.com/google.rpc.";
    /** Google's 400 message for a body that is not JSON. */
    static final String INVALID_JSON = "Invalid JSON payload received. Unexpected token.";
    /** Google's 400 message for an input image it cannot read. */
    static final String UNREADABLE_IMAGE = "Unable to process input image. Please retry or report in"
            + " https://developers.generativeai.google/guide/troubleshooting";

    GoogleProtocol(String vendor, SimIntake intake) {
        super(vendor, intake);
    }

    /** {@code code} is Google's status word, e.g. {@code INVALID_ARGUMENT}. */
    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        error(exchange, status, code, message, new Object[0]);
    }

    /** Google sends no Retry-After header: the hint is {@code RetryInfo.retryDelay} in the details. */
    @Override
    protected void answer(HttpExchange exchange, Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_429, POLL_429 -> quotaExceeded(exchange, null);
            case SUBMIT_429_RETRY_AFTER -> quotaExceeded(exchange, "1s");
            // An invalid key is a 400 on the Gemini API, told apart by ErrorInfo.reason.
            case UNAUTHORIZED -> error(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    Map.of("@type", RPC + "ErrorInfo", "reason", "API_KEY_INVALID", "domain", "googleapis.com",
                            "metadata", Map.of("service", "generativelanguage.googleapis.com")));
            default -> super.answer(exchange, fault);
        }
    }

    @Override
    protected Words words(Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX -> new Words(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            case POLL_5XX -> new Words(503, "UNAVAILABLE", "The service is currently unavailable.");
            // A prepaid project whose credit ran out (the Gemini API has no 402).
            default -> new Words(429, "RESOURCE_EXHAUSTED", "Your prepayment credits are depleted."
                    + " Please go to AI Studio at https://ai.studio/projects to manage your project and billing.");
        };
    }

    void error(HttpExchange exchange, int code, String status, String message, Object... details)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (details.length > 0) error.put("details", List.of(details));
        HttpReplies.json(exchange, code, Map.of("error", error));
    }

    void invalidArgument(HttpExchange exchange, String message) throws IOException {
        error(exchange, 400, "INVALID_ARGUMENT", message);
    }

    void notFound(HttpExchange exchange, String message) throws IOException {
        error(exchange, 404, "NOT_FOUND", message);
    }

    /** Google's answer to a call without any key (it is 403, not 401, on the Gemini API). */
    void missingKey(HttpExchange exchange) throws IOException {
        error(exchange, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without"
                + " established identity). Please use API Key or other form of API consumer identity to call this API.");
    }

    static boolean authorized(HttpExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (key != null && !key.isBlank()) return true;
        String fromQuery = HttpRequests.queryParameter(exchange, "key");
        return fromQuery != null && !fromQuery.isBlank();
    }

    void quotaExceeded(HttpExchange exchange, String retryDelay) throws IOException {
        List<Object> details = new ArrayList<>();
        details.add(Map.of("@type", RPC + "QuotaFailure", "violations", List.of(Map.of(
                "quotaMetric", "generativelanguage.googleapis.com/generate_content_paid_tier_requests",
                "quotaId", "GenerateRequestsPerMinutePerProjectPerModel",
                "quotaDimensions", Map.of("model", MODEL, "location", "global")))));
        details.add(Map.of("@type", RPC + "Help", "links", List.of(Map.of(
                "description", "Learn more about Gemini API quotas",
                "url", "https://ai.google.dev/gemini-api/docs/rate-limits"))));
        if (retryDelay != null) details.add(Map.of("@type", RPC + "RetryInfo", "retryDelay", retryDelay));
        error(exchange, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing"
                + " details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                details.toArray());
    }

    /**
     * The {@code GenerateContentResponse} of a completed request: its image inline (outputs cannot
     * expire, so {@code expired-output} ends as a success), a safety block, or a generation that
     * produced no image.
     */
    Map<String, Object> generateContentResponse(SimRequest request)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> candidate = new LinkedHashMap<>();
        switch (request.outcome()) {
            case CONTENT_BLOCKED -> {
                candidate.put("finishReason", "IMAGE_SAFETY");
                candidate.put("finishMessage", "Unable to show the generated image. The image was filtered out because"
                        + " it violated Google's Generative AI Prohibited Use policy. (simulated)");
            }
            case TASK_FAILED -> {
                candidate.put("content", Map.of("role", "model", "parts", List.of(Map.of("text",
                        "I'm sorry, I wasn't able to produce the edited image this time."))));
                candidate.put("finishReason", "IMAGE_OTHER");
                candidate.put("finishMessage", "The model could not generate an image for this request. (simulated)");
            }
            case SUCCEEDED, OUTPUT_EXPIRED -> {
                List<Object> parts = new ArrayList<>();
                // Gemini 3 thinks first; thought parts are not the answer.
                parts.add(Map.of("text", "Planning the edit: " + request.params().prompt(), "thought", true));
                parts.add(Map.of("text", "Here is the edited image."));
                for (OutputRenderer.OutputFile output : intake.outputs(request)) {
                    parts.add(Map.of("inlineData", Map.of("mimeType", output.contentType(),
                                    "data", Base64.getEncoder().encodeToString(Files.readAllBytes(output.path()))),
                            "thoughtSignature", "c2ltdWxhdGVk"));
                }
                candidate.put("content", Map.of("role", "model", "parts", parts));
                candidate.put("finishReason", "STOP");
            }
        }
        candidate.put("index", 0);
        body.put("candidates", List.of(candidate));
        body.put("usageMetadata", Map.of("promptTokenCount", 258 * request.inputCount() + 20,
                "candidatesTokenCount", request.producesImages() ? 1120 : 0,
                "totalTokenCount", 258 * request.inputCount() + 20 + (request.producesImages() ? 1120 : 0)));
        body.put("modelVersion", MODEL);
        body.put("responseId", request.id().replace("-", "").substring(0, 22));
        return body;
    }
}
