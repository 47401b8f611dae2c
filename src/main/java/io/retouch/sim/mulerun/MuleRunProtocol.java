package io.retouch.sim.mulerun;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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

    /** Each {@code code} here is a title. */
    private static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, new Words(503, "Service Unavailable",
                    "The service is temporarily unavailable, please try again later (simulated)"),
            Fault.OUT_OF_CREDIT, new Words(402, "Payment Required",
                    "Insufficient balance: top up your account or subscribe to continue (simulated)"),
            Fault.UNAUTHORIZED, new Words(401, "Unauthorized",
                    "Invalid or expired token; send 'Authorization: Bearer <API key>'"),
            Fault.POLL_5XX, new Words(502, "Bad Gateway", "Upstream service error, please retry (simulated)"),
            Fault.SUBMIT_429, new Words(429, "Too Many Requests", "Rate limit exceeded, please slow down (simulated)"));

    /** A live or finished task's status word: the edit page's, then the platform pages'. */
    private static final Map<Stage, List<String>> STATUS = Map.of(Stage.QUEUED, List.of("pending", "queued"),
            Stage.RUNNING, List.of("processing", "running"), Stage.SUCCEEDED, List.of("completed", "succeeded"));

    /** A failed task's error as code, title and detail; a failed generation is code 4002 on the platform pages. */
    private static final Map<Stage, Words> FAILURES = Map.of(
            Stage.CANCELLED, new Words(4008, "Task Execution Error", "The task was cancelled"),
            Stage.BLOCKED, new Words(3001, "Content Policy Violation", "The upstream provider blocked the request: the"
                    + " prompt or input image was flagged by its safety filters (simulated)"),
            Stage.FAILED, new Words(3001, "Task Execution Error", "Task execution failed (simulated)"));

    public MuleRunProtocol(SimIntake intake) {
        super("mulerun", intake, FAULTS);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!bearerAnyCase(exchange)) unauthorized(exchange);
        else if (path.equals(EDIT_PATH)) require(exchange, "POST", () -> submit(exchange));
        else if (path.matches(EDIT_PATH + "/[^/]+"))
            require(exchange, "GET", () -> task(exchange, path.substring(EDIT_PATH.length() + 1)));
        else error(exchange, 404, "Not Found", "No such endpoint: " + path);
    }

    @Override
    protected void error(HttpExchange exchange, int status, String title, String detail) throws IOException {
        HttpReplies.json(exchange, status, Map.of("error", error(new Words(status, title, detail))));
    }

    private static Map<String, Object> error(Words words) {
        return object("code", words.status(), "title", words.code(), "detail", words.message());
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
        SimRequest request = polled(exchange, id, "Not Found", "Task not found: unknown task id");
        if (request == null) return;
        SimRequest.Phase phase = request.phaseAt(intake.now());
        long updatedAt = switch (phase) {
            case IN_QUEUE -> request.submittedAt();
            case IN_PROGRESS -> request.startAt();
            case COMPLETED -> request.finishAt();
            case CANCELLED -> request.cancelledAt();
        };
        Map<String, Object> body = object("task_info", taskInfo(request, phase, updatedAt));
        if (phase == SimRequest.Phase.COMPLETED && request.producesImages()) {
            body.put("images", IntStream.range(0, request.params().numImages())
                    .mapToObj(n -> intake.fileUrl(request, n)).toList());
            body.put("description", "Here is the edited image.");
        }
        HttpReplies.json(exchange, 200, body);
    }

    /** {@code task_info} for a task in {@code phase}, in the task's own vocabulary, with its error if it failed. */
    static Map<String, Object> taskInfo(SimRequest request, SimRequest.Phase phase, long updatedAt) {
        // Per task, from its id: an odd last hex digit picks the platform pages' vocabulary.
        boolean platform = Character.digit(request.id().charAt(request.id().length() - 1), 16) % 2 == 1;
        Stage stage = Stage.of(request, phase);
        Words error = FAILURES.get(stage);
        if (platform && stage == Stage.FAILED) error = new Words(4002, error.code(), error.message());
        Map<String, Object> info = object("id", request.id(),
                "status", error != null ? "failed" : STATUS.get(stage).get(platform ? 1 : 0),
                "created_at", Instant.ofEpochMilli(request.submittedAt()).toString(),
                "updated_at", Instant.ofEpochMilli(updatedAt).toString());
        if (error != null && platform) info.putAll(object("error_code", error.status(),
                "error_message", error.code() + ": " + error.message()));
        else if (error != null) info.put("error", error(error));
        return info;
    }
}
