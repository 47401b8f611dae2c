package io.retouch.sim.fal;

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
import io.retouch.sim.SimRequestStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fal's queue API for {@code fal-ai/nano-banana-pro/edit} under {@code /fal} (seed 004, vendors.md
 * §1): submit, status, result and cancel. Status, result and cancel drop the {@code /edit}
 * sub-path, so an adapter that keeps it gets a 404 as it would from fal. Every endpoint wants
 * {@code Authorization: Key …}. A request that failed is COMPLETED too; only its result answers the
 * error. The body is checked against the page's input schema, refused with pydantic's 422.
 */
public final class FalProtocol extends SimProtocol {

    static final String MODEL = "/fal-ai/nano-banana-pro";

    /** The seed page's input schema, exactly. */
    static final BodySchema SCHEMA = BodySchema.of(
            text("prompt", true, 100_000),
            integer("num_images", 1L, 1, 4),
            choice("aspect_ratio", "auto", ImageGeometry.ASPECT_RATIOS),
            choice("output_format", "png", List.of("jpeg", "png", "webp")),
            flag("sync_mode"),
            // fal passes at most 14 images on to the model (Google's limit).
            urls("image_urls", true, 1, 14),
            choice("resolution", "1K", ImageGeometry.RESOLUTIONS));

    private final String base;

    public FalProtocol(String simulatorBaseUrl, SimIntake intake) {
        super("fal", intake);
        this.base = simulatorBaseUrl + path() + MODEL + "/requests/";
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String requests = MODEL + "/requests/";
        if (!HttpRequests.key(exchange)) {
            unauthorized(exchange);
        } else if (path.equals(MODEL + "/edit")) {
            require(exchange, "POST", () -> submit(exchange));
        } else if (path.startsWith(requests)) {
            String[] segments = path.substring(requests.length()).split("/", -1);
            String id = segments[0];
            if (segments.length == 1) require(exchange, "GET", () -> result(exchange, id));
            else if (segments.length == 2 && segments[1].equals("status")) require(exchange, "GET", () -> status(exchange, id));
            else if (segments.length == 2 && segments[1].equals("cancel")) require(exchange, "PUT", () -> cancel(exchange, id));
            else error(exchange, 404, null, "Not Found");
        } else {
            error(exchange, 404, null, "Not Found");
        }
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", message);
        if (code != null) {
            body.put("error_type", code);
            exchange.getResponseHeaders().set("X-Fal-Error-Type", code);
        }
        HttpReplies.json(exchange, status, body);
    }

    @Override
    protected Words words(Fault fault) {
        return switch (fault) {
            case SUBMIT_5XX -> new Words(503, "runner_scheduling_failure", "Failed to schedule a runner (simulated)");
            case OUT_OF_CREDIT -> new Words(403, null,
                    "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.");
            case UNAUTHORIZED -> new Words(401, null, "Invalid authentication credentials; expected 'Authorization: Key <FAL_KEY>'");
            case POLL_5XX -> new Words(503, "runner_connection_error", "Upstream connection error (simulated)");
            default -> new Words(429, null, "Rate limit exceeded (simulated)");
        };
    }

    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        HttpReplies.json(exchange, 422, Map.of("detail", reading.problems().stream().map(FalProtocol::detail).toList()));
    }

    @Override
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        HttpReplies.json(exchange, 422, Map.of("detail", List.of(detail(
                new Problem(List.of(field, rejected.index), rejected.getMessage(), rejected.type)))));
    }

    private static Map<String, Object> detail(Problem problem) {
        List<Object> loc = new ArrayList<>(List.of("body"));
        loc.addAll(problem.loc());
        return Map.of("loc", loc, "msg", problem.msg(), "type", problem.type());
    }

    private void submit(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, SCHEMA, "image_urls", r -> new EditParams(r.text("prompt"), r.urls("image_urls"),
                (int) r.integer("num_images"), r.text("aspect_ratio"), r.text("resolution"), r.text("output_format"), null));
        if (taken == null) return;
        Map<String, Object> body = links(taken.request().id());
        body.put("status", "IN_QUEUE");
        body.put("gateway_request_id", taken.request().id());
        body.put("queue_position", intake.queuedAhead(taken.request()));
        accepted(exchange, taken, 200, body);
    }

    /** The sub-path-less URLs fal hands back for a request. */
    private Map<String, Object> links(String id) {
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("request_id", id);
        urls.put("response_url", base + id);
        urls.put("status_url", base + id + "/status");
        urls.put("cancel_url", base + id + "/cancel");
        return urls;
    }

    private void status(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        Optional<SimRequest> found = find(id);
        if (found.isEmpty()) {
            error(exchange, 404, null, "Request not found");
            return;
        }
        SimRequest request = found.get();
        SimRequest.Phase phase = request.phaseAt(intake.now());
        Map<String, Object> body = links(id);
        body.put("status", phase == SimRequest.Phase.CANCELLED ? "COMPLETED" : phase.name());
        if (phase == SimRequest.Phase.IN_QUEUE) body.put("queue_position", intake.queuedAhead(request));
        if ("1".equals(HttpRequests.queryParameter(exchange, "logs"))) body.put("logs", logs(request, phase));
        if (phase == SimRequest.Phase.COMPLETED)
            body.put("metrics", Map.of("inference_time", (request.finishAt() - request.startAt()) / 1000.0));
        HttpReplies.json(exchange, 200, body);
    }

    private static List<Map<String, String>> logs(SimRequest request, SimRequest.Phase phase) {
        List<Map<String, String>> logs = new ArrayList<>();
        if (phase != SimRequest.Phase.IN_QUEUE) logs.add(log(request.startAt(), "Editing " + request.inputCount()
                + " input image(s) into " + request.params().numImages() + " output(s) at " + request.params().resolution()));
        if (phase == SimRequest.Phase.COMPLETED) logs.add(log(request.finishAt(), "Done"));
        else if (phase == SimRequest.Phase.CANCELLED) logs.add(log(request.cancelledAt(), "Cancelled by the user"));
        return logs;
    }

    private static Map<String, String> log(long at, String message) {
        return Map.of("message", message, "level", "INFO", "source", "USER", "timestamp", Instant.ofEpochMilli(at).toString());
    }

    private void result(HttpExchange exchange, String id) throws IOException, InterruptedException {
        Optional<SimRequest> found = find(id);
        if (found.isEmpty()) {
            error(exchange, 404, null, "Request not found");
            return;
        }
        SimRequest request = found.get();
        exchange.getResponseHeaders().set("x-fal-request-id", id);
        switch (request.phaseAt(intake.now())) {
            case IN_QUEUE, IN_PROGRESS -> error(exchange, 400, null, "Request is still in progress");
            case CANCELLED -> error(exchange, 410, "client_cancelled", "Request was cancelled");
            case COMPLETED -> {
                if (request.outcome() == Outcome.TASK_FAILED) {
                    exchange.getResponseHeaders().set("X-Fal-Retryable", "false");
                    error(exchange, 500, "runner_server_error", "The model runner failed while processing the request");
                } else if (request.outcome() == Outcome.CONTENT_BLOCKED) {
                    exchange.getResponseHeaders().set("X-Fal-Retryable", "false");
                    HttpReplies.json(exchange, 422, Map.of("detail", List.of(detail(new Problem(List.of("prompt"),
                            "The content could not be processed because it contained material flagged by a content checker.",
                            "content_policy_violation")))));
                } else {
                    HttpReplies.json(exchange, 200, Map.of("images", intake.imageList(request), "description", ""));
                }
            }
        }
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        Optional<SimRequestStore.Cancellation> cancellation = find(id).flatMap(r -> intake.store().cancel(id, intake.now()));
        if (cancellation.isEmpty()) HttpReplies.json(exchange, 404, Map.of("status", "NOT_FOUND"));
        else if (cancellation.get().cancelled()) HttpReplies.json(exchange, 202, Map.of("status", "CANCELLATION_REQUESTED"));
        else HttpReplies.json(exchange, 400, Map.of("status", "ALREADY_COMPLETED"));
    }
}
