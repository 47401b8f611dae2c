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

    private final boolean pro;

    public SinanCodeProtocol(SimIntake intake, boolean pro) {
        super(pro ? "sinancode-pro" : "sinancode", intake);
        this.pro = pro;
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String submit = pro ? "/v1/generate/k/nano-banana-pro" : "/v1/generate/k/nano-banana-edit";
        boolean task = path.startsWith("/v1/tasks/") && path.length() > 10 && path.indexOf('/', 10) < 0;
        if (!path.equals(submit) && !task) error(exchange, 404, "not_found", "No such endpoint: " + path);
        else if (!HttpRequests.bearer(exchange)) unauthorized(exchange);
        else if (task) require(exchange, "GET", () -> task(exchange, path.substring(10)));
        else require(exchange, "POST", () -> submit(exchange));
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("error_msg", message);
        HttpReplies.json(exchange, status, body);
    }

    @Override
    protected Words words(Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX -> new Words(503, "service_unavailable", "Upstream service unavailable, please retry later (simulated)");
            case OUT_OF_CREDIT -> new Words(402, "insufficient_balance", "Insufficient balance, please recharge your account");
            case UNAUTHORIZED -> new Words(401, "unauthorized", "Invalid or missing API key");
            case POLL_5XX -> new Words(502, "bad_gateway", "Upstream returned an invalid response (simulated)");
            default -> new Words(429, "rate_limited", "Too many requests, please slow down (simulated)");
        };
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
        if (pollFault(exchange)) return;
        Optional<SimRequest> found = find(id);
        if (found.isEmpty()) {
            error(exchange, 404, "task_not_found", "Task not found");
            return;
        }
        SimRequest request = found.get();
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", request.id());
        switch (request.phaseAt(intake.now())) {
            case IN_QUEUE -> task.put("status", "pending");
            case IN_PROGRESS -> task.put("status", "processing");
            case CANCELLED -> failed(task, "cancelled", "The task was cancelled");
            case COMPLETED -> {
                if (request.outcome() == Outcome.CONTENT_BLOCKED) {
                    failed(task, "content_policy_violation", "The content was flagged by the safety system and could not be generated");
                } else if (!request.producesImages()) {
                    failed(task, "generation_failed", "Image generation failed, please try again (simulated)");
                } else {
                    // expired-output is listed all the same; the file URL answers 410.
                    String url = intake.fileUrl(request, 0);
                    task.put("status", "completed");
                    task.put("result", request.sequence() % 2 == 1 ? List.of(Map.of("type", "image", "url", url)) : List.of(url));
                }
            }
        }
        HttpReplies.json(exchange, 200, task);
    }

    private static void failed(Map<String, Object> task, String code, String message) {
        task.put("status", "failed");
        task.put("error_code", code);
        task.put("error_msg", message);
    }
}
