package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AIMLAPI's synchronous image API under {@code /aimlapi} (vendors.md §6): {@code POST
 * /v1/images/generations} validates, runs the whole edit (the request's scheduled latency, slow queue
 * included) and only then answers with the images — there is no task to poll. Every endpoint wants
 * {@code Authorization: Bearer …}; every error is AIMLAPI's body
 * {@code {"message","path","requestId","statusCode":"<string>","timestamp"}}.
 * <p>
 * Faults in AIMLAPI's words: {@code submit-5xx} 503 (model unavailable), {@code submit-429} 429 "Too
 * Many Requests", {@code submit-429-retry-after} the same with {@code Retry-After: 1},
 * {@code out-of-credit} <b>403</b> "You've run out of credits…", {@code unauthorized} 401,
 * {@code content-blocked} 400 naming the content policy (before the edit is paid),
 * {@code task-failed} 200 with empty {@code data} and the usage charged, {@code expired-output} 200
 * whose file URLs answer 410, {@code submit-timeout} the answer after the client gave up,
 * {@code submit-malformed} a cut-off 200. The poll faults never apply: AIMLAPI has no status call.
 */
final class AimlapiHandler extends SimProtocol {

    static final String VENDOR = "aimlapi";
    static final String GENERATIONS = "/v1/images/generations";

    private static final String UNAUTHORIZED = "This request requires a valid API key. You can create a new API key"
            + " on the Billing page: https://aimlapi.com/app/keys";
    private static final String OUT_OF_CREDIT = "You've run out of credits. Please top up your balance or update your"
            + " payment method to continue: https://aimlapi.com/app/billing/";
    private static final String CONTENT_BLOCKED = "The request was rejected by the provider's content policy: the"
            + " prompt or an input image was flagged by its safety filter (simulated).";

    private final SimIntake intake;
    private final AimlapiBodyValidator validator = new AimlapiBodyValidator();

    AimlapiHandler(SimIntake intake) {
        super(VENDOR, "/aimlapi");
        this.intake = intake;
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        if (!HttpRequests.bearer(exchange)) {
            error(exchange, 401, path, UNAUTHORIZED);
        } else if (path.equals(GENERATIONS) && method.equals("POST")) {
            submit(exchange);
        } else {
            // AIMLAPI has no task endpoints: an id to look up, or any other path, is an unknown route.
            error(exchange, 404, path, "Cannot " + method + " " + path);
        }
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        AimlapiBodyValidator.Result validated = validator.validate(body);
        if (!validated.issues().isEmpty()) {
            Map<String, Object> extra = Map.of("errors",
                    validated.issues().stream().map(AimlapiBodyValidator.Issue::toJson).toList());
            error(exchange, 400, GENERATIONS, "Body validation error!", extra);
            return;
        }
        SimIntake.Admission admission = intake.admit(VENDOR, body);
        if (admission.refused()) {
            refuse(exchange, admission.refusal());
            return;
        }
        if (admission.decision().outcome() == Outcome.CONTENT_BLOCKED) {
            // Refused with an error answer, which carries no usage: not counted as paid.
            error(exchange, 400, GENERATIONS, CONTENT_BLOCKED);
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, validated.params(), null, null);
        } catch (SimIntake.InputRejected rejected) {
            error(exchange, 400, GENERATIONS, "Failed to load the image at image_urls[" + rejected.index + "]: "
                    + rejected.getMessage());
            return;
        }
        // Synchronous: the answer waits for the whole edit, the slow queue included.
        intake.awaitFinish(request);
        if (intake.answeredBadly(admission, exchange, 200)) return;
        HttpReplies.json(exchange, 200, answer(request));
    }

    /** §6.3: fal-style items re-wrapped under {@code data}, usage under {@code meta}. */
    private Map<String, Object> answer(SimRequest request) {
        List<Map<String, Object>> data = new ArrayList<>();
        if (request.producesImages()) {
            for (int n = 0; n < request.params().numImages(); n++) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("url", intake.fileUrl(request, n));
                item.put("content_type", request.params().contentType());
                item.put("width", null);
                item.put("height", null);
                item.put("file_name", n + "." + request.params().outputFormat());
                data.add(item);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        // A task-failed edit ran and was billed, but the model gave back no image.
        body.put("description", request.producesImages() ? "" : "I could not produce an edited image for this"
                + " request (simulated).");
        body.put("data", data);
        long perImage = "4K".equals(request.params().resolution()) ? 630_000 : 315_000;
        body.put("meta", Map.of("usage", Map.of("credits_used", perImage * request.params().numImages())));
        return body;
    }

    private void refuse(HttpExchange exchange, FaultProfile.Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_5XX -> error(exchange, 503, GENERATIONS, "Model is temporarily unavailable. Please try again"
                    + " later (simulated).");
            case SUBMIT_429_RETRY_AFTER -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                error(exchange, 429, GENERATIONS, "Too Many Requests");
            }
            case OUT_OF_CREDIT -> error(exchange, 403, GENERATIONS, OUT_OF_CREDIT);
            case UNAUTHORIZED -> error(exchange, 401, GENERATIONS, UNAUTHORIZED);
            default -> error(exchange, 429, GENERATIONS, "Too Many Requests");
        }
    }

    private void error(HttpExchange exchange, int status, String path, String message) throws IOException {
        error(exchange, status, path, message, Map.of());
    }

    private void error(HttpExchange exchange, int status, String path, String message, Map<String, Object> extra)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.putAll(extra);
        body.put("path", path);
        body.put("requestId", UUID.randomUUID().toString());
        body.put("statusCode", String.valueOf(status));
        body.put("timestamp", Instant.ofEpochMilli(intake.now()).toString());
        HttpReplies.json(exchange, status, body);
    }
}
