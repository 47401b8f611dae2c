package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SinanCode under {@code /sinancode} (vendors.md §4): {@code POST /v1/generate/k/nano-banana-pro}
 * answers {@code {"task_id"}}, {@code GET /v1/tasks/{id}} answers
 * {@code {id,status,error_code,error_msg,result}} with status pending/processing/completed/failed.
 * {@code result} is {@code ["url"]} for some requests and {@code [{"type","url"}]} for others
 * (alternating with the order requests arrive in, so the same task always answers the same way): the docs show both.
 * SinanCode's HTTP error bodies are undocumented; the simulator answers real HTTP statuses with
 * {@code {"error_code","error_msg"}}, the task's own error fields. The seed page's non-Pro
 * {@code /v1/generate/k/nano-banana-edit} is not served (404). No cancel endpoint.
 */
final class SinanCodeProtocol extends SimProtocol {

    static final String VENDOR = "sinancode";
    private static final String SUBMIT = "/v1/generate/k/nano-banana-pro";
    private static final String TASKS = "/v1/tasks/";

    private final SimIntake intake;
    private final SinanCodeBodyValidator validator = new SinanCodeBodyValidator();

    SinanCodeProtocol(SimIntake intake) {
        super(VENDOR, "/sinancode");
        this.intake = intake;
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        boolean taskPath = path.startsWith(TASKS) && path.length() > TASKS.length()
                && path.indexOf('/', TASKS.length()) < 0;
        if (!path.equals(SUBMIT) && !taskPath) {
            HttpReplies.json(exchange, 404, error("not_found", "No such endpoint: " + path));
        } else if (!HttpRequests.bearer(exchange)) {
            HttpReplies.json(exchange, 401, error("unauthorized", "Invalid or missing API key"));
        } else if (path.equals(SUBMIT)) {
            HttpRequests.requireMethod(exchange, "POST", SinanCodeProtocol::methodNotAllowed, () -> submit(exchange));
        } else {
            HttpRequests.requireMethod(exchange, "GET", SinanCodeProtocol::methodNotAllowed,
                    () -> task(exchange, path.substring(TASKS.length())));
        }
    }

    private static void methodNotAllowed(HttpExchange exchange) throws IOException {
        HttpReplies.json(exchange, 405,
                error("method_not_allowed", "Method " + exchange.getRequestMethod() + " not allowed"));
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        SinanCodeBodyValidator.Result validated = validator.validate(body);
        if (validated.problem() != null) {
            HttpReplies.json(exchange, 400, error("invalid_parameter", validated.problem()));
            return;
        }
        SimIntake.Admission admission = intake.admit(VENDOR, body);
        if (admission.refused()) {
            refuse(exchange, admission.refusal());
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, validated.params(), null, null);
        } catch (SimIntake.InputRejected rejected) {
            HttpReplies.json(exchange, 400, error("invalid_image",
                    "image_input[" + rejected.index + "] could not be downloaded: " + rejected.getMessage()));
            return;
        }
        if (intake.answeredBadly(admission, exchange, 200)) return;
        HttpReplies.json(exchange, 200, Map.of("task_id", request.id()));
    }

    private static void refuse(HttpExchange exchange, FaultProfile.Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_5XX -> HttpReplies.json(exchange, 503,
                    error("service_unavailable", "Upstream service unavailable, please retry later (simulated)"));
            case SUBMIT_429_RETRY_AFTER -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                HttpReplies.json(exchange, 429, error("rate_limited", "Too many requests, please slow down (simulated)"));
            }
            case OUT_OF_CREDIT -> HttpReplies.json(exchange, 402,
                    error("insufficient_balance", "Insufficient balance, please recharge your account"));
            case UNAUTHORIZED -> HttpReplies.json(exchange, 401, error("unauthorized", "Invalid or missing API key"));
            default -> HttpReplies.json(exchange, 429, error("rate_limited", "Too many requests, please slow down (simulated)"));
        }
    }

    private void task(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (PollFaults.answered(exchange, intake, VENDOR,
                badGateway -> HttpReplies.json(badGateway, 502,
                        error("bad_gateway", "Upstream returned an invalid response (simulated)")),
                limited -> HttpReplies.json(limited, 429,
                        error("rate_limited", "Too many requests, please slow down (simulated)")))) {
            return;
        }
        Optional<SimRequest> found = intake.find(id).filter(r -> VENDOR.equals(r.vendor()));
        if (found.isEmpty()) {
            HttpReplies.json(exchange, 404, error("task_not_found", "Task not found"));
            return;
        }
        HttpReplies.json(exchange, 200, describe(found.get()));
    }

    private Map<String, Object> describe(SimRequest request) {
        SimRequest.Phase phase = request.phaseAt(intake.now());
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", request.id());
        switch (phase) {
            case IN_QUEUE -> task.put("status", "pending");
            case IN_PROGRESS -> task.put("status", "processing");
            case CANCELLED -> failed(task, "cancelled", "The task was cancelled");
            case COMPLETED -> {
                if (request.outcome() == Outcome.CONTENT_BLOCKED) {
                    failed(task, "content_policy_violation",
                            "The content was flagged by the safety system and could not be generated");
                } else if (request.outcome() == Outcome.TASK_FAILED) {
                    failed(task, "generation_failed", "Image generation failed, please try again (simulated)");
                } else {
                    // expired-output is listed all the same; the file URL answers 410.
                    task.put("status", "completed");
                    String url = intake.fileUrl(request, 0);
                    task.put("result", objectResults(request)
                            ? List.of(Map.of("type", "image", "url", url)) : List.of(url));
                }
            }
        }
        return task;
    }

    /** Which of the two documented {@code result} shapes this request answers with. */
    static boolean objectResults(SimRequest request) {
        return request.sequence() % 2 == 1;
    }

    private static void failed(Map<String, Object> task, String code, String message) {
        task.put("status", "failed");
        task.put("error_code", code);
        task.put("error_msg", message);
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("error_msg", message);
        return body;
    }
}
