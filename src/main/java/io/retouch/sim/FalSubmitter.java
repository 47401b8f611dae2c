package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /fal/fal-ai/nano-banana-pro/edit}: validate, roll the dice, then let {@link SimIntake}
 * fetch, queue, persist and count the request before answering in fal's words.
 */
final class FalSubmitter {

    private final FalUrls urls;
    private final SimIntake intake;
    private final EditBodyValidator validator = new EditBodyValidator(HttpReplies.JSON);

    FalSubmitter(FalUrls urls, SimIntake intake) {
        this.urls = urls;
        this.intake = intake;
    }

    void submit(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        EditBodyValidator.Result validated = validator.validate(body);
        if (!validated.violations().isEmpty()) {
            HttpReplies.json(exchange, 422, Map.of("detail", validated.violations()));
            return;
        }
        SimIntake.Admission admission = intake.admit(FalQueueHandler.VENDOR, body);
        if (admission.refused()) {
            rejectWithFault(exchange, admission.refusal());
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, validated.params(), null, null);
        } catch (SimIntake.InputRejected rejected) {
            HttpReplies.json(exchange, 422, Map.of("detail", List.of(
                    new Violation(List.of("body", "image_urls", rejected.index), rejected.getMessage(), rejected.type))));
            return;
        }
        if (intake.answeredBadly(admission, exchange, 200)) return;
        HttpReplies.json(exchange, 200, accepted(request));
    }

    private Map<String, Object> accepted(SimRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "IN_QUEUE");
        body.put("request_id", request.id());
        body.put("gateway_request_id", request.id());
        body.put("response_url", urls.responseUrl(request.id()));
        body.put("status_url", urls.statusUrl(request.id()));
        body.put("cancel_url", urls.cancelUrl(request.id()));
        body.put("queue_position", intake.queuedAhead(request));
        return body;
    }

    private static void rejectWithFault(HttpExchange exchange, FaultProfile.Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_5XX -> {
                exchange.getResponseHeaders().set("X-Fal-Error-Type", "runner_scheduling_failure");
                exchange.getResponseHeaders().set("X-Fal-Retryable", "true");
                HttpReplies.json(exchange, 503, Map.of("detail", "Failed to schedule a runner (simulated)",
                        "error_type", "runner_scheduling_failure"));
            }
            case SUBMIT_429_RETRY_AFTER -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                HttpReplies.json(exchange, 429, Map.of("detail", "Rate limit exceeded (simulated)"));
            }
            case OUT_OF_CREDIT -> HttpReplies.json(exchange, 403, Map.of("detail",
                    "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."));
            case UNAUTHORIZED -> HttpReplies.json(exchange, 401, Map.of("detail", "Invalid authentication credentials"));
            default -> HttpReplies.json(exchange, 429, Map.of("detail", "Rate limit exceeded (simulated)"));
        }
    }
}
