package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kie.ai's market API under {@code /kie} (vendors.md §5): {@code POST /api/v1/jobs/createTask} and
 * {@code GET /api/v1/jobs/recordInfo?taskId=}. Like kie, it answers every error inside an HTTP 200
 * envelope {@code {"code":…,"msg":…}} with kie's business codes (401, 402, 404, 422, 429, 500...);
 * a task that fails says {@code state: "fail"} with {@code failCode}/{@code failMsg}; output URLs
 * sit in {@code resultJson}, a JSON string. kie has no cancel endpoint, so neither does this.
 */
final class KieProtocol extends SimProtocol {

    static final String VENDOR = "kie";
    private static final String CREATE_TASK = "/api/v1/jobs/createTask";
    private static final String RECORD_INFO = "/api/v1/jobs/recordInfo";
    /** kie's task ids read {@code task_nano-banana-pro_…}; the simulator's own id follows the prefix. */
    static final String TASK_ID_PREFIX = "task_nano-banana-pro_";
    /** What the simulator's content-blocked fault says in {@code failCode} and {@code failMsg}. */
    static final String CONTENT_BLOCKED_CODE = "CONTENT_POLICY_VIOLATION";

    private final SimIntake intake;
    private final KieBodyValidator validator = new KieBodyValidator();

    KieProtocol(SimIntake intake) {
        super(VENDOR, "/kie");
        this.intake = intake;
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!path.equals(CREATE_TASK) && !path.equals(RECORD_INFO)) {
            HttpReplies.json(exchange, 404, envelope(404, "Not Found"));
        } else if (!HttpRequests.bearer(exchange)) {
            // kie's documented answer to a missing or wrong key, inside HTTP 200 (vendors.md §5.1).
            HttpReplies.json(exchange, 200, envelope(401, "You do not have access permissions"));
        } else if (path.equals(CREATE_TASK)) {
            HttpRequests.requireMethod(exchange, "POST", KieProtocol::methodNotAllowed, () -> createTask(exchange));
        } else {
            HttpRequests.requireMethod(exchange, "GET", KieProtocol::methodNotAllowed, () -> recordInfo(exchange));
        }
    }

    private static void methodNotAllowed(HttpExchange exchange) throws IOException {
        HttpReplies.json(exchange, 405,
                envelope(405, "Request method '" + exchange.getRequestMethod() + "' is not supported"));
    }

    private void createTask(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        KieBodyValidator.Result validated = validator.validate(body);
        if (validated.problem() != null) {
            HttpReplies.json(exchange, 200, envelope(422, validated.problem()));
            return;
        }
        SimIntake.Admission admission = intake.admit(VENDOR, body);
        if (admission.refused()) {
            HttpReplies.json(exchange, 200, refusal(admission.refusal()));
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, validated.params(), null, null);
        } catch (SimIntake.InputRejected rejected) {
            HttpReplies.json(exchange, 200, envelope(422,
                    "input.image_input[" + rejected.index + "] could not be downloaded: " + rejected.getMessage()));
            return;
        }
        if (intake.answeredBadly(admission, exchange, 200)) return;
        Map<String, Object> answer = envelope(200, "success");
        answer.put("data", Map.of("taskId", TASK_ID_PREFIX + request.id()));
        HttpReplies.json(exchange, 200, answer);
    }

    /** A submit fault in kie's words: always HTTP 200, the business code says what went wrong. */
    private static Map<String, Object> refusal(FaultProfile.Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX -> envelope(500, "Server error, please try again later (simulated)");
            // kie documents no Retry-After: both 429 faults read the same.
            case SUBMIT_429, SUBMIT_429_RETRY_AFTER ->
                    envelope(429, "Rate limited: too many requests, please slow down (simulated)");
            case OUT_OF_CREDIT -> envelope(402, "Credits insufficient. Please top up your account.");
            case UNAUTHORIZED -> envelope(401, "You do not have access permissions");
            default -> envelope(500, "Server error, please try again later (simulated)");
        };
    }

    private void recordInfo(HttpExchange exchange) throws IOException, InterruptedException {
        if (PollFaults.answered(exchange, intake, VENDOR,
                serverError -> HttpReplies.json(serverError, 200,
                        envelope(500, "Server error, please try again later (simulated)")),
                limited -> HttpReplies.json(limited, 200,
                        envelope(429, "Rate limited: too many requests, please slow down (simulated)")))) {
            return;
        }
        String taskId = HttpRequests.queryParameter(exchange, "taskId");
        if (taskId == null || taskId.isBlank()) {
            HttpReplies.json(exchange, 200, envelope(422, "taskId is required"));
            return;
        }
        Optional<SimRequest> found = taskId.startsWith(TASK_ID_PREFIX)
                ? intake.find(taskId.substring(TASK_ID_PREFIX.length())).filter(r -> VENDOR.equals(r.vendor()))
                : Optional.empty();
        if (found.isEmpty()) {
            HttpReplies.json(exchange, 200, envelope(404, "Task not found: " + taskId));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", 200);
        answer.put("message", "success");
        answer.put("data", record(taskId, found.get()));
        HttpReplies.json(exchange, 200, answer);
    }

    private Map<String, Object> record(String taskId, SimRequest request) {
        long now = intake.now();
        SimRequest.Phase phase = request.phaseAt(now);
        String state = switch (phase) {
            case IN_QUEUE -> intake.queuedAhead(request) > 0 ? "queuing" : "waiting";
            case IN_PROGRESS -> "generating";
            case COMPLETED -> request.producesImages() ? "success" : "fail";
            case CANCELLED -> "fail";
        };
        String failCode = "";
        String failMsg = "";
        String resultJson = "";
        if (phase == SimRequest.Phase.COMPLETED && request.outcome() == Outcome.CONTENT_BLOCKED) {
            failCode = CONTENT_BLOCKED_CODE;
            failMsg = "Your request was flagged by the content safety policy and could not be generated.";
        } else if (phase == SimRequest.Phase.COMPLETED && request.outcome() == Outcome.TASK_FAILED) {
            failCode = "500";
            failMsg = "Internal error: image generation failed (simulated)";
        } else if (phase == SimRequest.Phase.CANCELLED) {
            failCode = "cancelled";
            failMsg = "The task was cancelled";
        } else if (state.equals("success")) {
            // expired-output: listed here all the same; the file URL answers 410.
            resultJson = json(Map.of("resultUrls", List.of(intake.fileUrl(request, 0))));
        }
        boolean done = phase == SimRequest.Phase.COMPLETED || phase == SimRequest.Phase.CANCELLED;
        EditParams params = request.params();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", params.prompt());
        input.put("image_input", params.imageUrls());
        input.put("aspect_ratio", params.aspectRatio());
        input.put("resolution", params.resolution());
        input.put("output_format", params.outputFormat().equals("jpeg") ? "jpg" : params.outputFormat());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", taskId);
        data.put("model", KieBodyValidator.MODEL);
        data.put("state", state);
        data.put("param", json(Map.of("model", KieBodyValidator.MODEL, "input", input)));
        data.put("resultJson", resultJson);
        data.put("failCode", failCode);
        data.put("failMsg", failMsg);
        data.put("costTime", done ? request.finishAt() - request.startAt() : null);
        data.put("completeTime", done ? request.finishAt() : null);
        data.put("createTime", request.submittedAt());
        data.put("updateTime", done ? request.finishAt() : now);
        return data;
    }

    private static Map<String, Object> envelope(int code, String msg) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("code", code);
        envelope.put("msg", msg);
        envelope.put("data", null);
        return envelope;
    }

    private static String json(Object value) {
        return HttpReplies.JSON.writeValueAsString(value);
    }
}
