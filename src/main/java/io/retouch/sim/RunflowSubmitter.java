package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /runflow/v1/models/google/nano-banana-pro/edit/runs}: the body is
 * {@code {input:{…}, callback_url?, metadata?, client_ref?}}; {@code input} follows the fal schema
 * Runflow mirrors (vendors.md §3.2) and is validated by {@link EditBodyValidator}, its complaints
 * answered as Runflow's 422 envelope with {@code errors[]} field details.
 */
final class RunflowSubmitter {

    private final SimIntake intake;
    private final RunflowRuns runs;
    private final EditBodyValidator validator = new EditBodyValidator(HttpReplies.JSON);

    RunflowSubmitter(SimIntake intake, RunflowRuns runs) {
        this.intake = intake;
        this.runs = runs;
    }

    void submit(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode root;
        try {
            root = HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            RunflowHandler.error(exchange, 400, "BAD_REQUEST", "Request body is not valid JSON.", null);
            return;
        }
        if (root == null || !root.isObject()) {
            RunflowHandler.error(exchange, 400, "BAD_REQUEST", "Request body must be a JSON object.", null);
            return;
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        JsonNode input = root.get("input");
        JsonNode clientRef = root.get("client_ref");
        if (clientRef != null && !clientRef.isNull() && !clientRef.isString())
            problems.add(problem("client_ref", "Input should be a valid string", "string_type"));
        EditBodyValidator.Result validated = null;
        if (input == null || input.isNull()) {
            problems.add(problem("input", "Field required", "missing"));
        } else if (!input.isObject()) {
            problems.add(problem("input", "Input should be a valid object", "model_type"));
        } else {
            validated = validator.validate(input);
            for (Violation v : validated.violations()) problems.add(problem(field(v), v.msg(), v.type()));
        }
        if (!problems.isEmpty()) {
            RunflowHandler.error(exchange, 422, "VALIDATION_ERROR", "Request validation failed.", problems);
            return;
        }
        SimIntake.Admission admission = intake.admit(RunflowHandler.VENDOR, body);
        if (admission.refused()) {
            rejectWithFault(exchange, admission.refusal());
            return;
        }
        SimRequest request;
        try {
            String ref = clientRef == null || clientRef.isNull() ? null : clientRef.stringValue();
            request = intake.accept(admission, validated.params(), ref, null);
        } catch (SimIntake.InputRejected rejected) {
            RunflowHandler.error(exchange, 422, "VALIDATION_ERROR", "Request validation failed.",
                    List.of(problem("input.image_urls[" + rejected.index + "]", rejected.getMessage(), rejected.type)));
            return;
        }
        if (intake.answeredBadly(admission, exchange, 201)) return;
        HttpReplies.json(exchange, 201, runs.created(request));
    }

    /** The submit faults in Runflow's words (vendors.md §3.5). */
    private static void rejectWithFault(HttpExchange exchange, FaultProfile.Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_5XX -> RunflowHandler.error(exchange, 503, "MODEL_UNAVAILABLE",
                    "The model provider is temporarily unavailable. Please retry later. (simulated)", null);
            case SUBMIT_429_RETRY_AFTER -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.getResponseHeaders().set("X-RateLimit-Limit", "60");
                exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().set("X-RateLimit-Reset", "1");
                RunflowHandler.error(exchange, 429, "RATE_LIMITED", "Rate limit exceeded: 60 requests per minute. (simulated)", null);
            }
            case OUT_OF_CREDIT -> RunflowHandler.error(exchange, 402, "INSUFFICIENT_CREDIT",
                    "Your organization does not have enough credit to run this model. Check GET /v1/billing/balance.", null);
            case UNAUTHORIZED -> RunflowHandler.unauthorized(exchange);
            default -> RunflowHandler.error(exchange, 429, "RATE_LIMITED", "Rate limit exceeded: 60 requests per minute. (simulated)", null);
        }
    }

    /** {@code ["body","image_urls",0]} → {@code input.image_urls[0]}. */
    private static String field(Violation v) {
        StringBuilder field = new StringBuilder("input");
        for (Object part : v.loc().subList(1, v.loc().size())) {
            if (part instanceof Integer i) field.append('[').append(i).append(']');
            else field.append('.').append(part);
        }
        return field.toString();
    }

    private static Map<String, Object> problem(String field, String message, String code) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("field", field);
        problem.put("message", message);
        problem.put("code", code);
        return problem;
    }
}
