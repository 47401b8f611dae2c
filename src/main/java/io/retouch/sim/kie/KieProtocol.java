package io.retouch.sim.kie;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

    /** kie's Pro input, which SinanCode's Pro path takes at the top level ({@code prompt} limits differ). */
    static BodySchema proInput(int maxPrompt, List<String> ratios, Field... more) {
        return BodySchema.of(Stream.concat(Stream.of(
                text("prompt", true, maxPrompt),
                // Both endpoints also take no image (text-to-image); the simulator edits images only.
                urls("image_input", true, 1, 8),
                choice("aspect_ratio", "1:1", ratios),
                choice("resolution", "1K", ImageGeometry.RESOLUTIONS),
                choice("output_format", "png", List.of("png", "jpg"))), Stream.of(more)).toArray(Field[]::new));
    }

    static EditParams proParams(BodySchema.Reading r) {
        String format = r.text("output_format");
        return new EditParams(r.text("prompt"), r.urls("image_input"), 1, r.text("aspect_ratio"), r.text("resolution"),
                format.equals("jpg") ? "jpeg" : format, null);
    }

    static final BodySchema CREATE = BodySchema.of(choice("model", null, List.of(MODEL)),
            text("callBackUrl", false, 2_000), nested("input", true, proInput(10_000, ImageGeometry.ASPECT_RATIOS)));

    private static final Words SERVER_ERROR = new Words(500, null, "Server error, please try again later (simulated)");
    private static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, SERVER_ERROR,
            Fault.POLL_5XX, SERVER_ERROR,
            Fault.OUT_OF_CREDIT, new Words(402, null, "Credits insufficient. Please top up your account."),
            Fault.UNAUTHORIZED, new Words(401, null, "You do not have access permissions"),
            Fault.SUBMIT_429, new Words(429, null, "Rate limited: too many requests, please slow down (simulated)"));

    /** {@code state}, {@code failCode} and {@code failMsg}; a task waits {@code queuing} while others are ahead. */
    private static final Map<Stage, StageWords> STATES = Map.of(
            Stage.QUEUED, new StageWords("waiting", "", ""),
            Stage.RUNNING, new StageWords("generating", "", ""),
            Stage.SUCCEEDED, new StageWords("success", "", ""),
            Stage.CANCELLED, new StageWords("fail", "cancelled", "The task was cancelled"),
            Stage.BLOCKED, new StageWords("fail", "CONTENT_POLICY_VIOLATION",
                    "Your request was flagged by the content safety policy and could not be generated."),
            Stage.FAILED, new StageWords("fail", "500", "Internal error: image generation failed (simulated)"));

    public KieProtocol(SimIntake intake) {
        super("kie", intake, FAULTS);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!path.equals("/api/v1/jobs/createTask") && !path.equals("/api/v1/jobs/recordInfo"))
            HttpReplies.json(exchange, 404, envelope(404, "Not Found"));
        else if (!bearer(exchange)) unauthorized(exchange);
        else if (path.endsWith("/createTask")) require(exchange, "POST", () -> createTask(exchange));
        else require(exchange, "GET", () -> recordInfo(exchange));
    }

    /** Always HTTP 200 (but for a wrong path or method): the business code says what went wrong. */
    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        HttpReplies.json(exchange, status == 405 ? 405 : 200, envelope(status, message));
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
        String taskId = queryParameter(exchange, "taskId");
        SimRequest request = taskId != null && taskId.startsWith(TASK_ID_PREFIX)
                ? find(taskId.substring(TASK_ID_PREFIX.length())).orElse(null) : null;
        if (taskId == null || taskId.isBlank()) error(exchange, 422, null, "taskId is required");
        else if (request == null) error(exchange, 404, null, "Task not found: " + taskId);
        else HttpReplies.json(exchange, 200, object("code", 200, "message", "success", "data", record(taskId, request)));
    }

    private Map<String, Object> record(String taskId, SimRequest request) {
        long now = intake.now();
        Stage stage = Stage.of(request, request.phaseAt(now));
        StageWords words = STATES.get(stage);
        boolean done = stage != Stage.QUEUED && stage != Stage.RUNNING;
        EditParams params = request.params();
        Map<String, Object> input = object("prompt", params.prompt(), "image_input", params.imageUrls(),
                "aspect_ratio", params.aspectRatio(), "resolution", params.resolution(),
                "output_format", params.outputFormat().equals("jpeg") ? "jpg" : params.outputFormat());
        return object("taskId", taskId, "model", MODEL,
                "state", stage == Stage.QUEUED && intake.queuedAhead(request) > 0 ? "queuing" : words.status(),
                "param", HttpReplies.JSON.writeValueAsString(Map.of("model", MODEL, "input", input)),
                // expired-output: listed all the same; the file URL answers 410.
                "resultJson", stage != Stage.SUCCEEDED ? ""
                        : HttpReplies.JSON.writeValueAsString(Map.of("resultUrls", List.of(intake.fileUrl(request, 0)))),
                "failCode", words.code(), "failMsg", words.message(),
                "costTime", done ? request.finishAt() - request.startAt() : null,
                "completeTime", done ? request.finishAt() : null,
                "createTime", request.submittedAt(),
                "updateTime", done ? request.finishAt() : now);
    }

    private static Map<String, Object> envelope(int code, String msg) {
        return object("code", code, "msg", msg, "data", null);
    }
}
