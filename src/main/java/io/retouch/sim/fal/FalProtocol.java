package io.retouch.sim.fal;

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
import io.retouch.sim.SimRequestStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fal's queue API for {@code fal-ai/nano-banana-pro/edit} under {@code /fal} (seed 004, vendors.md
 * §1): submit, status, its status stream, result and cancel. Status, result and cancel drop the {@code /edit}
 * sub-path, so an adapter that keeps it gets a 404 as it would from fal. Every endpoint wants
 * {@code Authorization: Key …}. A request that failed is COMPLETED too; only its result answers the
 * error. The body is checked against the page's input schema, refused with pydantic's 422.
 */
public final class FalProtocol extends SimProtocol {

    static final String MODEL = "/fal-ai/nano-banana-pro";
    private static final Pattern REQUEST = Pattern.compile(MODEL + "/requests/([^/]*)(/status/stream|/status|/cancel)?");
    /** How often an open status stream looks at its task (sooner when the task's next phase is due). */
    private static final long STREAM_TICK_MILLIS = 200;
    /** How long a status stream may stay silent before it sends a comment: how it finds its client gone. */
    private static final long KEEP_ALIVE_NANOS = 1_000_000_000L;

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

    private static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, new Words(503, "runner_scheduling_failure", "Failed to schedule a runner (simulated)"),
            Fault.OUT_OF_CREDIT, new Words(403, null,
                    "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."),
            Fault.UNAUTHORIZED, new Words(401, null,
                    "Invalid authentication credentials; expected 'Authorization: Key <FAL_KEY>'"),
            Fault.POLL_5XX, new Words(503, "runner_connection_error", "Upstream connection error (simulated)"),
            Fault.SUBMIT_429, new Words(429, null, "Rate limit exceeded (simulated)"));

    private final String base;

    public FalProtocol(String simulatorBaseUrl, SimIntake intake) {
        super("fal", intake, FAULTS);
        this.base = simulatorBaseUrl + path() + MODEL + "/requests/";
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        Matcher request = REQUEST.matcher(path);
        String id = request.matches() ? request.group(1) : null;
        if (!key(exchange)) unauthorized(exchange);
        else if (path.equals(MODEL + "/edit")) require(exchange, "POST", () -> submit(exchange));
        else if (id == null) error(exchange, 404, null, "Not Found");
        else if (request.group(2) == null) require(exchange, "GET", () -> result(exchange, id));
        else if (request.group(2).equals("/status")) require(exchange, "GET", () -> status(exchange, id));
        else if (request.group(2).equals("/status/stream")) require(exchange, "GET", () -> statusStream(exchange, id));
        else require(exchange, "PUT", () -> cancel(exchange, id));
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        if (code != null) exchange.getResponseHeaders().set("X-Fal-Error-Type", code);
        HttpReplies.json(exchange, status,
                code == null ? Map.of("detail", message) : object("detail", message, "error_type", code));
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
                r.integer("num_images").intValue(), r.text("aspect_ratio"), r.text("resolution"),
                r.text("output_format"), null));
        if (taken == null) return;
        Map<String, Object> body = links(taken.request().id());
        body.putAll(object("status", "IN_QUEUE", "gateway_request_id", taken.request().id(),
                "queue_position", intake.queuedAhead(taken.request())));
        accepted(exchange, taken, 200, body);
    }

    /** The sub-path-less URLs fal hands back for a request. */
    private Map<String, Object> links(String id) {
        return object("request_id", id, "response_url", base + id, "status_url", base + id + "/status",
                "cancel_url", base + id + "/cancel");
    }

    private void status(HttpExchange exchange, String id) throws IOException, InterruptedException {
        SimRequest request = polled(exchange, id, null, "Request not found");
        if (request == null) return;
        SimRequest.Phase phase = request.phaseAt(intake.now());
        Map<String, Object> body = statusBody(request, phase);
        if ("1".equals(queryParameter(exchange, "logs"))) body.put("logs", logs(request, phase));
        HttpReplies.json(exchange, 200, body);
    }

    /** A status answer without its logs: a cancelled request is COMPLETED too (fal has no other end state). */
    private Map<String, Object> statusBody(SimRequest request, SimRequest.Phase phase) {
        Map<String, Object> body = links(request.id());
        body.put("status", phase == SimRequest.Phase.CANCELLED ? "COMPLETED" : phase.name());
        if (phase == SimRequest.Phase.IN_QUEUE) body.put("queue_position", intake.queuedAhead(request));
        if (phase == SimRequest.Phase.COMPLETED)
            body.put("metrics", Map.of("inference_time", (request.finishAt() - request.startAt()) / 1000.0));
        return body;
    }

    /**
     * {@code GET …/requests/{id}/status/stream}: the status answers as server-sent events ({@code data: {json}}),
     * one each time the status or the queue position changes, then the stream ends after COMPLETED — what
     * fal-js {@code streamStatus} reads ({@code libs/client/src/streaming.ts} @ 381105e1: any event's data is
     * a status; the stream's end resolves it with the last one). With {@code logs=1} an event carries the
     * logs new since the one before (fal-js adds them up). Auth, the poll faults and the 404 of an unknown
     * id are the status poll's, on the stream's opening answer; the whole stream is one request. It holds a
     * virtual thread (the simulator's executor), never a platform one, and ends when its client goes,
     * which the next keep-alive comment finds out.
     */
    private void statusStream(HttpExchange exchange, String id) throws IOException, InterruptedException {
        SimRequest request = polled(exchange, id, null, "Request not found");
        if (request == null) return;
        boolean withLogs = "1".equals(queryParameter(exchange, "logs"));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("x-fal-request-id", id);
        exchange.sendResponseHeaders(200, 0);
        intake.streamOpened();
        try (OutputStream out = exchange.getResponseBody()) {
            String said = null;
            int logsSent = 0;
            long lastWrite = System.nanoTime();
            while (true) {
                request = find(id).orElseThrow();
                long now = intake.now();
                SimRequest.Phase phase = request.phaseAt(now);
                Map<String, Object> body = statusBody(request, phase);
                String saying = body.get("status") + "/" + body.get("queue_position");
                if (!saying.equals(said)) {
                    if (withLogs) {
                        List<Map<String, String>> logs = logs(request, phase);
                        body.put("logs", logs.subList(Math.min(logsSent, logs.size()), logs.size()));
                        logsSent = logs.size();
                    }
                    send(out, "data: " + HttpReplies.JSON.writeValueAsString(body) + "\n\n");
                    said = saying;
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite >= KEEP_ALIVE_NANOS) {
                    send(out, ": keep-alive\n\n");
                    lastWrite = System.nanoTime();
                }
                if (phase == SimRequest.Phase.COMPLETED || phase == SimRequest.Phase.CANCELLED) return;
                long due = (phase == SimRequest.Phase.IN_QUEUE ? request.startAt() : request.finishAt()) - now;
                Thread.sleep(Math.clamp(due, 1, STREAM_TICK_MILLIS));
            }
        } catch (IOException clientGone) {
            // The client closed the stream (a cancelled watch): nothing to answer any more.
        } finally {
            intake.streamClosed();
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
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
        SimRequest request = find(id).orElse(null);
        if (request == null) {
            error(exchange, 404, null, "Request not found");
            return;
        }
        exchange.getResponseHeaders().set("x-fal-request-id", id);
        Stage stage = Stage.of(request, request.phaseAt(intake.now()));
        if (stage == Stage.FAILED || stage == Stage.BLOCKED) exchange.getResponseHeaders().set("X-Fal-Retryable", "false");
        switch (stage) {
            case QUEUED, RUNNING -> error(exchange, 400, null, "Request is still in progress");
            case CANCELLED -> error(exchange, 410, "client_cancelled", "Request was cancelled");
            case FAILED -> error(exchange, 500, "runner_server_error", "The model runner failed while processing the request");
            case BLOCKED -> HttpReplies.json(exchange, 422, Map.of("detail", List.of(detail(new Problem(List.of("prompt"),
                    "The content could not be processed because it contained material flagged by a content checker.",
                    "content_policy_violation")))));
            case SUCCEEDED -> HttpReplies.json(exchange, 200, Map.of("images", falImages(request), "description", ""));
        }
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        Optional<SimRequestStore.Cancellation> cancellation = find(id).flatMap(r -> intake.cancel(id, intake.now()));
        if (cancellation.isEmpty()) HttpReplies.json(exchange, 404, Map.of("status", "NOT_FOUND"));
        else if (cancellation.get().cancelled()) HttpReplies.json(exchange, 202, Map.of("status", "CANCELLATION_REQUESTED"));
        else HttpReplies.json(exchange, 400, Map.of("status", "ALREADY_COMPLETED"));
    }
}
