package io.retouch.sim.aimlapi;

import static io.retouch.sim.BodySchema.*;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.BodySchema;
import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AIMLAPI's synchronous image API under {@code /aimlapi} (seed 003, vendors.md §6): {@code POST
 * /v1/images/generations} checks the body against the page's schema, runs the whole edit (the
 * request's latency, slow queue included) and only then answers with the images. Every error is
 * AIMLAPI's {@code {"message","path","requestId","statusCode":"<string>","timestamp"}}; out of credit
 * is 403; a blocked edit is refused before it is paid; a failed one is a 200 without images, billed.
 */
public final class AimlapiProtocol extends SimProtocol {

    static final String GENERATIONS = "/v1/images/generations";

    /** The seed page's schema, exactly. */
    static final BodySchema SCHEMA = BodySchema.of(
            requiredChoice("model", List.of("google/nano-banana-pro-edit", "google/gemini-3-pro-image-preview-edit")),
            text("prompt", true, 100_000),
            urls("image_urls", true, 1, 14),
            choice("aspect_ratio", "1:1", ImageGeometry.FIXED_ASPECT_RATIOS),
            choice("resolution", "1K", ImageGeometry.RESOLUTIONS),
            integer("num_images", 1L, 1, 4));

    private static final String UNAUTHORIZED = "This request requires a valid API key. You can create a new API key"
            + " on the Billing page: https://aimlapi.com/app/keys";

    public AimlapiProtocol(SimIntake intake) {
        super("aimlapi", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!HttpRequests.bearer(exchange)) unauthorized(exchange);
        else if (path.equals(GENERATIONS) && exchange.getRequestMethod().equals("POST")) submit(exchange);
        // AIMLAPI has no task endpoints: an id to look up, or any other path, is an unknown route.
        else error(exchange, 404, null, "Cannot " + exchange.getRequestMethod() + " " + path);
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        error(exchange, status, message, List.of());
    }

    private void error(HttpExchange exchange, int status, String message, List<Map<String, Object>> errors) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (!errors.isEmpty()) body.put("errors", errors);
        body.put("path", GENERATIONS);
        body.put("requestId", UUID.randomUUID().toString());
        body.put("statusCode", String.valueOf(status));
        body.put("timestamp", Instant.ofEpochMilli(intake.now()).toString());
        HttpReplies.json(exchange, status, body);
    }

    @Override
    protected Words words(Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX -> new Words(503, null, "Model is temporarily unavailable. Please try again later (simulated).");
            case OUT_OF_CREDIT -> new Words(403, null, "You've run out of credits. Please top up your balance or update your"
                    + " payment method to continue: https://aimlapi.com/app/billing/");
            case UNAUTHORIZED -> new Words(401, null, UNAUTHORIZED);
            default -> new Words(429, null, "Too Many Requests");
        };
    }

    @Override
    protected Words blockedAtSubmit() {
        return new Words(400, null, "The request was rejected by the provider's content policy: the prompt or an input"
                + " image was flagged by its safety filter (simulated).");
    }

    /** zod's issues after "Body validation error!". */
    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        List<Map<String, Object>> issues = new ArrayList<>();
        for (Problem problem : reading.problems())
            issues.add(Map.of("code", problem.type(), "message", problem.msg(), "path", problem.loc()));
        error(exchange, 400, "Body validation error!", issues);
    }

    @Override
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        error(exchange, 400, null, "Failed to load the image at " + field + "[" + rejected.index + "]: " + rejected.getMessage());
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, SCHEMA, "image_urls", r -> new EditParams(r.text("prompt"), r.urls("image_urls"),
                (int) r.integer("num_images"), r.text("aspect_ratio"), r.text("resolution"), "png", null));
        if (taken == null) return;
        // Synchronous: the answer waits for the whole edit, the slow queue included.
        intake.awaitFinish(taken.request());
        accepted(exchange, taken, 200, answer(taken.request()));
    }

    /** fal-style items re-wrapped under {@code data}, usage under {@code meta}. */
    private Map<String, Object> answer(SimRequest request) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int n = 0; request.producesImages() && n < request.params().numImages(); n++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("url", intake.fileUrl(request, n));
            item.put("content_type", request.params().contentType());
            item.put("width", null);
            item.put("height", null);
            item.put("file_name", n + "." + request.params().outputFormat());
            data.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        // A task-failed edit ran and was billed, but the model gave back no image.
        body.put("description", request.producesImages() ? "" : "I could not produce an edited image for this request (simulated).");
        body.put("data", data);
        long perImage = "4K".equals(request.params().resolution()) ? 630_000 : 315_000;
        body.put("meta", Map.of("usage", Map.of("credits_used", perImage * request.params().numImages())));
        return body;
    }
}
