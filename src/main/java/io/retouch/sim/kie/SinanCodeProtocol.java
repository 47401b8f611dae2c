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

/**
 * SinanCode, kie.ai's relay (vendors.md §4), in two instances: {@code /sinancode} serves the path its
 * page documents (seed 002), {@code POST /v1/generate/k/nano-banana-edit} with {@code image_urls},
 * {@code image_size} and {@code output_format} png|jpeg — the original Nano Banana, which edits at
 * about 1K; {@code /sinancode-pro} serves its Pro path {@code POST /v1/generate/k/nano-banana-pro}
 * with kie's Pro fields. Both answer {@code {"task_id"}} and are polled at {@code GET /v1/tasks/{id}}
 * ({@code {id,status,error_code,error_msg,result}}, pending/processing/completed/failed). {@code
 * result} is {@code ["url"]} for some tasks and {@code [{"type","url"}]} for others (by submission
 * order): the docs show both. HTTP errors are undocumented; the simulator answers
 * {@code {"error_code","error_msg"}}, the task's own error fields. No cancel endpoint.
 */
public final class SinanCodeProtocol extends SimProtocol {

    /** The seed page's body, exactly; its {@code output_format} has no documented default (png here). */
    static final BodySchema EDIT = BodySchema.of(
            urls("image_urls", true, 1, 10),
            text("prompt", true, 5_000),
            choice("image_size", "1:1", ImageGeometry.ASPECT_RATIOS),
            choice("output_format", "png", List.of("png", "jpeg")));

    static final BodySchema PRO = KieProtocol.proInput(5_000,
            ImageGeometry.FIXED_ASPECT_RATIOS, text("callBackUrl", false, 2_000));

    private static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, new Words(503, "service_unavailable",
                    "Upstream service unavailable, please retry later (simulated)"),
            Fault.OUT_OF_CREDIT, new Words(402, "insufficient_balance", "Insufficient balance, please recharge your account"),
            Fault.UNAUTHORIZED, new Words(401, "unauthorized", "Invalid or missing API key"),
            Fault.POLL_5XX, new Words(502, "bad_gateway", "Upstream returned an invalid response (simulated)"),
            Fault.SUBMIT_429, new Words(429, "rate_limited", "Too many requests, please slow down (simulated)"));

    /** {@code status}, and for a failed task its {@code error_code} and {@code error_msg}. */
    private static final Map<Stage, StageWords> TASKS = Map.of(
            Stage.QUEUED, new StageWords("pending", null, null),
            Stage.RUNNING, new StageWords("processing", null, null),
            Stage.SUCCEEDED, new StageWords("completed", null, null),
            Stage.CANCELLED, new StageWords("failed", "cancelled", "The task was cancelled"),
            Stage.BLOCKED, new StageWords("failed", "content_policy_violation",
                    "The content was flagged by the safety system and could not be generated"),
            Stage.FAILED, new StageWords("failed", "generation_failed",
                    "Image generation failed, please try again (simulated)"));

    private final boolean pro;

    public SinanCodeProtocol(SimIntake intake, boolean pro) {
        super(pro ? "sinancode-pro" : "sinancode", intake, FAULTS);
        this.pro = pro;
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String submit = pro ? "/v1/generate/k/nano-banana-pro" : "/v1/generate/k/nano-banana-edit";
        boolean task = path.matches("/v1/tasks/[^/]+");
        if (!path.equals(submit) && !task) error(exchange, 404, "not_found", "No such endpoint: " + path);
        else if (!bearer(exchange)) unauthorized(exchange);
        else if (task) require(exchange, "GET", () -> task(exchange, path.substring("/v1/tasks/".length())));
        else require(exchange, "POST", () -> submit(exchange));
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        HttpReplies.json(exchange, status, object("error_code", code, "error_msg", message));
    }

    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 400, "invalid_parameter", reading.describe());
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = pro ? take(exchange, PRO, "image_input", KieProtocol::proParams)
                : take(exchange, EDIT, "image_urls", r -> new EditParams(r.text("prompt"), r.urls("image_urls"), 1,
                        r.text("image_size"), "1K", r.text("output_format"), null));
        if (taken != null) accepted(exchange, taken, 200, Map.of("task_id", taken.request().id()));
    }

    private void task(HttpExchange exchange, String id) throws IOException, InterruptedException {
        SimRequest request = polled(exchange, id, "task_not_found", "Task not found");
        if (request == null) return;
        Stage stage = Stage.of(request, request.phaseAt(intake.now()));
        StageWords words = TASKS.get(stage);
        Map<String, Object> task = object("id", request.id(), "status", words.status());
        if (words.code() != null) task.putAll(object("error_code", words.code(), "error_msg", words.message()));
        if (stage == Stage.SUCCEEDED) {
            // expired-output is listed all the same; the file URL answers 410.
            String url = intake.fileUrl(request, 0);
            task.put("result", request.sequence() % 2 == 1 ? List.of(Map.of("type", "image", "url", url)) : List.of(url));
        }
        HttpReplies.json(exchange, 200, task);
    }
}
