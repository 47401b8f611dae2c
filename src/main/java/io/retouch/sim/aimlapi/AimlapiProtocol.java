package io.retouch.sim.aimlapi;

import static io.retouch.sim.BodySchema.*;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.BodySchema;
import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
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
            choice("model", null, List.of("google/nano-banana-pro-edit", "google/gemini-3-pro-image-preview-edit")),
            text("prompt", true, 100_000),
            urls("image_urls", true, 1, 14),
            choice("aspect_ratio", "1:1", ImageGeometry.FIXED_ASPECT_RATIOS),
            choice("resolution", "1K", ImageGeometry.RESOLUTIONS),
            integer("num_images", 1L, 1, 4));

    private static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, new Words(503, null, "Model is temporarily unavailable. Please try again later (simulated)."),
            Fault.OUT_OF_CREDIT, new Words(403, null, "You've run out of credits. Please top up your balance or update"
                    + " your payment method to continue: https://aimlapi.com/app/billing/"),
            Fault.UNAUTHORIZED, new Words(401, null, "This request requires a valid API key. You can create a new API key"
                    + " on the Billing page: https://aimlapi.com/app/keys"),
            Fault.SUBMIT_429, new Words(429, null, "Too Many Requests"),
            Fault.CONTENT_BLOCKED, new Words(400, null, "The request was rejected by the provider's content policy: the"
                    + " prompt or an input image was flagged by its safety filter (simulated)."));

    public AimlapiProtocol(SimIntake intake) {
        super("aimlapi", intake, FAULTS);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!bearer(exchange)) unauthorized(exchange);
        else if (path.equals(GENERATIONS) && exchange.getRequestMethod().equals("POST")) submit(exchange);
        // AIMLAPI has no task endpoints: an id to look up, or any other path, is an unknown route.
        else error(exchange, 404, null, "Cannot " + exchange.getRequestMethod() + " " + path);
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        error(exchange, status, message, List.of());
    }

    private void error(HttpExchange exchange, int status, String message, List<Map<String, Object>> errors) throws IOException {
        Map<String, Object> body = object("message", message);
        if (!errors.isEmpty()) body.put("errors", errors);
        body.putAll(object("path", GENERATIONS, "requestId", UUID.randomUUID().toString(),
                "statusCode", String.valueOf(status), "timestamp", Instant.ofEpochMilli(intake.now()).toString()));
        HttpReplies.json(exchange, status, body);
    }

    /** zod's issues after "Body validation error!". */
    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 400, "Body validation error!", reading.problems().stream()
                .map(p -> Map.<String, Object>of("code", p.type(), "message", p.msg(), "path", p.loc())).toList());
    }

    @Override
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        error(exchange, 400, null,
                "Failed to load the image at " + field + "[" + rejected.index + "]: " + rejected.getMessage());
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, SCHEMA, "image_urls", r -> new EditParams(r.text("prompt"), r.urls("image_urls"),
                r.integer("num_images").intValue(), r.text("aspect_ratio"), r.text("resolution"), "png", null));
        if (taken == null) return;
        // Synchronous: the answer waits for the whole edit, the slow queue included.
        intake.awaitFinish(taken.request());
        accepted(exchange, taken, 200, answer(taken.request()));
    }

    /** fal-style items re-wrapped under {@code data}, usage under {@code meta}. */
    private Map<String, Object> answer(SimRequest request) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int n = 0; request.producesImages() && n < request.params().numImages(); n++)
            data.add(object("url", intake.fileUrl(request, n), "content_type", request.params().contentType(),
                    "width", null, "height", null, "file_name", n + "." + request.params().outputFormat()));
        long perImage = "4K".equals(request.params().resolution()) ? 630_000 : 315_000;
        // A task-failed edit ran and was billed, but the model gave back no image.
        return object("description", request.producesImages() ? "" : "I could not produce an edited image for this"
                + " request (simulated).", "data", data,
                "meta", Map.of("usage", Map.of("credits_used", perImage * request.params().numImages())));
    }
}
