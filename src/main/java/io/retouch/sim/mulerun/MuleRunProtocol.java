package io.retouch.sim.mulerun;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MuleRun's (MuleRouter's) task API under {@code /mulerun} (seed 000, vendors.md §2): {@code POST
 * /vendors/google/v1/nano-banana-pro/edit} creates a task (202 {@code task_info}), {@code GET
 * …/edit/{task_id}} is both its status and its result. Bearer auth, the scheme in any case.
 * <p>
 * MuleRun's pages use two status vocabularies; the simulator speaks both, choosing per task from
 * its id (last hex digit even: the edit page's {@code pending/processing/completed/failed} with an
 * {@code error{code,title,detail}} object; odd: the platform pages' {@code
 * queued/running/succeeded/failed} with flat {@code error_code}/{@code error_message}). A failed
 * task is an HTTP 200 with {@code status: failed}; a blocked edit is code 3001 naming the safety
 * filter. HTTP errors use the failed task's error shape with the status as its code.
 */
public final class MuleRunProtocol extends SimProtocol {

    static final String EDIT_PATH = "/vendors/google/v1/nano-banana-pro/edit";

    /**
     * The seed page's body, exactly. Its schema says 1–10 images and its prose 14: the simulator holds
     * adapters to the schema, which is what they may rely on.
     */
    static final BodySchema SCHEMA = BodySchema.of(
            text("prompt", true, 100_000),
            urls("images", true, 1, 10),
            choice("aspect_ratio", "1:1", ImageGeometry.FIXED_ASPECT_RATIOS),
            choice("resolution", "2K", List.of("1K", "2K")));

    public MuleRunProtocol(SimIntake intake) {
        super("mulerun", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!HttpRequests.bearerAnyCase(exchange)) {
            unauthorized(exchange);
        } else if (path.equals(EDIT_PATH)) {
            require(exchange, "POST", () -> submit(exchange));
        } else if (path.startsWith(EDIT_PATH + "/") && path.length() > EDIT_PATH.length() + 1
                && path.indexOf('/', EDIT_PATH.length() + 1) < 0) {
            require(exchange, "GET", () -> task(exchange, path.substring(EDIT_PATH.length() + 1)));
        } else {
            error(exchange, 404, "Not Found", "No such endpoint: " + path);
        }
    }

    /** {@code code} here is the title. */
    @Override
    protected void error(HttpExchange exchange, int status, String title, String detail) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("title", title);
        error.put("detail", detail);
        HttpReplies.json(exchange, status, Map.of("error", error));
    }

    @Override
    protected Words words(Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX -> new Words(503, "Service Unavailable", "The service is temporarily unavailable, please try again later (simulated)");
            case OUT_OF_CREDIT -> new Words(402, "Payment Required", "Insufficient balance: top up your account or subscribe to continue (simulated)");
            case UNAUTHORIZED -> new Words(401, "Unauthorized", "Invalid or expired token; send 'Authorization: Bearer <API key>'");
            case POLL_5XX -> new Words(502, "Bad Gateway", "Upstream service error, please retry (simulated)");
            default -> new Words(429, "Too Many Requests", "Rate limit exceeded, please slow down (simulated)");
        };
    }

    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 400, "Bad Request", "Invalid parameters: " + reading.describe());
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        // MuleRun delivers PNG, one image per task.
        Taken taken = take(exchange, SCHEMA, "images", r -> new EditParams(r.text("prompt"), r.urls("images"), 1,
                r.text("aspect_ratio"), r.text("resolution"), "png", null));
        if (taken != null) accepted(exchange, taken, 202,
                Map.of("task_info", taskInfo(taken.request(), SimRequest.Phase.IN_QUEUE, taken.request().submittedAt())));
    }

    private void task(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        Optional<SimRequest> found = find(id);
        if (found.isEmpty()) {
            error(exchange, 404, "Not Found", "Task not found: unknown task id");
            return;
        }
        SimRequest request = found.get();
        SimRequest.Phase phase = request.phaseAt(intake.now());
        long updatedAt = switch (phase) {
            case IN_QUEUE -> request.submittedAt();
            case IN_PROGRESS -> request.startAt();
            case COMPLETED -> request.finishAt();
            case CANCELLED -> request.cancelledAt();
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_info", taskInfo(request, phase, updatedAt));
        if (phase == SimRequest.Phase.COMPLETED && request.producesImages()) {
            List<String> images = new ArrayList<>();
            for (int n = 0; n < request.params().numImages(); n++) images.add(intake.fileUrl(request, n));
            body.put("images", images);
            body.put("description", "Here is the edited image.");
        }
        HttpReplies.json(exchange, 200, body);
    }

    /** {@code task_info} for a task in {@code phase}, in the task's own vocabulary, with its error if it failed. */
    static Map<String, Object> taskInfo(SimRequest request, SimRequest.Phase phase, long updatedAt) {
        boolean platform = platformVocabulary(request.id());
        boolean failed = phase == SimRequest.Phase.CANCELLED || phase == SimRequest.Phase.COMPLETED && !request.producesImages();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", request.id());
        info.put("status", failed ? "failed" : switch (phase) {
            case IN_QUEUE -> platform ? "queued" : "pending";
            case IN_PROGRESS -> platform ? "running" : "processing";
            default -> platform ? "succeeded" : "completed";
        });
        info.put("created_at", Instant.ofEpochMilli(request.submittedAt()).toString());
        info.put("updated_at", Instant.ofEpochMilli(updatedAt).toString());
        if (!failed) return info;
        boolean blocked = phase == SimRequest.Phase.COMPLETED && request.outcome() == Outcome.CONTENT_BLOCKED;
        int code = phase == SimRequest.Phase.CANCELLED ? 4008 : blocked || !platform ? 3001 : 4002;
        String title = blocked ? "Content Policy Violation" : "Task Execution Error";
        String detail = phase == SimRequest.Phase.CANCELLED ? "The task was cancelled"
                : blocked ? "The upstream provider blocked the request: the prompt or input image was flagged by its safety filters (simulated)"
                : "Task execution failed (simulated)";
        if (platform) {
            info.put("error_code", code);
            info.put("error_message", title + ": " + detail);
        } else {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("title", title);
            error.put("detail", detail);
            info.put("error", error);
        }
        return info;
    }

    /** Per task, from its id: odd last hex digit → the platform pages' vocabulary. */
    static boolean platformVocabulary(String id) {
        int digit = Character.digit(id.charAt(id.length() - 1), 16);
        return digit >= 0 && digit % 2 == 1;
    }
}
