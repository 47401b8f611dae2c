package io.retouch.sim.kie;

import static io.retouch.sim.BodySchema.*;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.BodySchema;
import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.Outcome;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kie.ai's market API under {@code /kie} (vendors.md §5): {@code POST /api/v1/jobs/createTask} and
 * {@code GET /api/v1/jobs/recordInfo?taskId=}. Like kie, it answers every error inside an HTTP 200
 * envelope {@code {"code":…,"msg":…}} with kie's business codes; a task that fails says
 * {@code state: "fail"} with {@code failCode}/{@code failMsg}; output URLs sit in {@code resultJson},
 * a JSON string. No cancel endpoint.
 */
public final class KieProtocol extends SimProtocol {

    static final String MODEL = "nano-banana-pro";
    /** kie's task ids read {@code task_nano-banana-pro_…}; the simulator's own id follows the prefix. */
    static final String TASK_ID_PREFIX = "task_nano-banana-pro_";
    static final String CONTENT_BLOCKED_CODE = "CONTENT_POLICY_VIOLATION";

    /** kie's Pro input, which SinanCode's Pro path takes at the top level ({@code prompt} limits differ). */
    static BodySchema proInput(int maxPrompt, List<String> ratios, Field... more) {
        List<Field> fields = new java.util.ArrayList<>(List.of(
                text("prompt", true, maxPrompt),
                // Both endpoints also take no image (text-to-image); the simulator edits images only.
                urls("image_input", true, 1, 8),
                choice("aspect_ratio", "1:1", ratios),
                choice("resolution", "1K", ImageGeometry.RESOLUTIONS),
                choice("output_format", "png", List.of("png", "jpg"))));
        fields.addAll(List.of(more));
        return BodySchema.of(fields.toArray(Field[]::new));
    }

    static EditParams proParams(BodySchema.Reading r) {
        String format = r.text("output_format");
        return new EditParams(r.text("prompt"), r.urls("image_input"), 1, r.text("aspect_ratio"), r.text("resolution"),
                format.equals("jpg") ? "jpeg" : format, null);
    }

    static final BodySchema CREATE = BodySchema.of(requiredChoice("model", List.of(MODEL)),
            text("callBackUrl", false, 2_000), object("input", true, proInput(10_000, ImageGeometry.ASPECT_RATIOS)));

    public KieProtocol(SimIntake intake) {
        super("kie", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!path.equals("/api/v1/jobs/createTask") && !path.equals("/api/v1/jobs/recordInfo")) {
            HttpReplies.json(exchange, 404, envelope(404, "Not Found"));
        } else if (!HttpRequests.bearer(exchange)) {
            unauthorized(exchange);
        } else if (path.endsWith("/createTask")) {
            require(exchange, "POST", () -> createTask(exchange));
        } else {
            require(exchange, "GET", () -> recordInfo(exchange));
        }
    }

    /** Always HTTP 200 (but for a wrong path or method): the business code says what went wrong. */
    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        HttpReplies.json(exchange, status == 405 ? 405 : 200, envelope(status, message));
    }

    @Override
    protected Words words(Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX, POLL_5XX -> new Words(500, null, "Server error, please try again later (simulated)");
            case OUT_OF_CREDIT -> new Words(402, null, "Credits insufficient. Please top up your account.");
            case UNAUTHORIZED -> new Words(401, null, "You do not have access permissions");
            default -> new Words(429, null, "Rate limited: too many requests, please slow down (simulated)");
        };
    }

    /** kie documents no Retry-After. */
    @Override
    protected boolean sendsRetryAfter() {
        return false;
    }

    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 422, null, reading.describe());
    }

    private void createTask(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, CREATE, "input.image_input", r -> proParams(r.nested("input")));
        if (taken == null) return;
        Map<String, Object> answer = envelope(200, "success");
        answer.put("data", Map.of("taskId", TASK_ID_PREFIX + taken.request().id()));
        accepted(exchange, taken, 200, answer);
    }

    private void recordInfo(HttpExchange exchange) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        String taskId = HttpRequests.queryParameter(exchange, "taskId");
        if (taskId == null || taskId.isBlank()) {
            error(exchange, 422, null, "taskId is required");
            return;
        }
        Optional<SimRequest> found = taskId.startsWith(TASK_ID_PREFIX) ? find(taskId.substring(TASK_ID_PREFIX.length()))
                : Optional.empty();
        if (found.isEmpty()) {
            error(exchange, 404, null, "Task not found: " + taskId);
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
        boolean done = phase == SimRequest.Phase.COMPLETED || phase == SimRequest.Phase.CANCELLED;
        boolean success = phase == SimRequest.Phase.COMPLETED && request.producesImages();
        String failCode = "", failMsg = "";
        if (phase == SimRequest.Phase.CANCELLED) {
            failCode = "cancelled";
            failMsg = "The task was cancelled";
        } else if (phase == SimRequest.Phase.COMPLETED && request.outcome() == Outcome.CONTENT_BLOCKED) {
            failCode = CONTENT_BLOCKED_CODE;
            failMsg = "Your request was flagged by the content safety policy and could not be generated.";
        } else if (phase == SimRequest.Phase.COMPLETED && !success) {
            failCode = "500";
            failMsg = "Internal error: image generation failed (simulated)";
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", request.params().prompt());
        input.put("image_input", request.params().imageUrls());
        input.put("aspect_ratio", request.params().aspectRatio());
        input.put("resolution", request.params().resolution());
        input.put("output_format", request.params().outputFormat().equals("jpeg") ? "jpg" : request.params().outputFormat());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", taskId);
        data.put("model", MODEL);
        data.put("state", switch (phase) {
            case IN_QUEUE -> intake.queuedAhead(request) > 0 ? "queuing" : "waiting";
            case IN_PROGRESS -> "generating";
            default -> success ? "success" : "fail";
        });
        data.put("param", json(Map.of("model", MODEL, "input", input)));
        // expired-output: listed all the same; the file URL answers 410.
        data.put("resultJson", success ? json(Map.of("resultUrls", List.of(intake.fileUrl(request, 0)))) : "");
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
