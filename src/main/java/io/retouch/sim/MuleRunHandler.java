package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MuleRun's (MuleRouter's) task API under {@code /mulerun} (vendors.md §2): {@code POST
 * /vendors/google/v1/nano-banana-pro/edit} creates a task, {@code GET …/edit/{task_id}} is both its
 * status and its result. Every endpoint wants {@code Authorization: Bearer …}.
 * <p>
 * MuleRun's pages use two status vocabularies; the simulator speaks both, choosing per task from
 * its id (last hex digit even: the endpoint page's {@code pending/processing/completed/failed} with
 * an {@code error{code,title,detail}} object; odd: the platform pages'
 * {@code queued/running/succeeded/failed} with flat {@code error_code}/{@code error_message}), so
 * an adapter must read both. A failed task is an HTTP 200 with {@code status: failed}. MuleRun
 * documents no content-block code: a blocked edit is a failed task with code 3001 (upstream
 * provider failed) whose title and detail name the safety filter.
 */
final class MuleRunHandler extends SimProtocol {

    static final String VENDOR = "mulerun";
    static final String EDIT_PATH = "/vendors/google/v1/nano-banana-pro/edit";

    private final SimIntake intake;
    private final MuleRunSubmitter submitter;

    MuleRunHandler(SimIntake intake) {
        super(VENDOR, "/mulerun");
        this.intake = intake;
        this.submitter = new MuleRunSubmitter(intake);
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        // The auth scheme is case-insensitive (RFC 9110); the token must be there.
        if (!HttpRequests.bearerAnyCase(exchange)) {
            MuleRunReplies.unauthorized(exchange);
        } else if (path.equals(EDIT_PATH)) {
            HttpRequests.requireMethod(exchange, "POST", MuleRunHandler::methodNotAllowed, () -> submitter.submit(exchange));
        } else if (path.startsWith(EDIT_PATH + "/") && path.indexOf('/', EDIT_PATH.length() + 1) < 0
                && path.length() > EDIT_PATH.length() + 1) {
            HttpRequests.requireMethod(exchange, "GET", MuleRunHandler::methodNotAllowed,
                    () -> task(exchange, path.substring(EDIT_PATH.length() + 1)));
        } else {
            MuleRunReplies.notFound(exchange, "No such endpoint: " + path);
        }
    }

    private static void methodNotAllowed(HttpExchange exchange) throws IOException {
        MuleRunReplies.error(exchange, 405, "Method Not Allowed",
                exchange.getRequestMethod() + " is not allowed on this endpoint");
    }

    private void task(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (PollFaults.answered(exchange, intake, VENDOR,
                badGateway -> MuleRunReplies.error(badGateway, 502, "Bad Gateway",
                        "Upstream service error, please retry (simulated)"),
                limited -> MuleRunReplies.rateLimited(limited, "1"))) {
            return;
        }
        Optional<SimRequest> found = intake.find(id).filter(r -> VENDOR.equals(r.vendor()));
        if (found.isEmpty()) {
            MuleRunReplies.notFound(exchange, "Task not found: unknown task id");
            return;
        }
        SimRequest request = found.get();
        long now = intake.now();
        SimRequest.Phase phase = request.phaseAt(now);
        long updatedAt = switch (phase) {
            case IN_QUEUE -> request.submittedAt();
            case IN_PROGRESS -> request.startAt();
            case COMPLETED -> request.finishAt();
            case CANCELLED -> request.cancelledAt();
        };
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> info = taskInfo(request, phase, updatedAt);
        body.put("task_info", info);
        if (phase == SimRequest.Phase.COMPLETED && request.producesImages()) {
            List<String> images = new java.util.ArrayList<>();
            for (int n = 0; n < request.params().numImages(); n++) images.add(intake.fileUrl(request, n));
            body.put("images", images);
            body.put("description", "Here is the edited image.");
        }
        HttpReplies.json(exchange, 200, body);
    }

    /** {@code task_info} for a task in {@code phase}, in the task's own vocabulary, with its error if it failed. */
    static Map<String, Object> taskInfo(SimRequest request, SimRequest.Phase phase, long updatedAt) {
        boolean platform = platformVocabulary(request.id());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", request.id());
        boolean failed = phase == SimRequest.Phase.CANCELLED
                || phase == SimRequest.Phase.COMPLETED && !request.producesImages();
        info.put("status", failed ? "failed" : switch (phase) {
            case IN_QUEUE -> platform ? "queued" : "pending";
            case IN_PROGRESS -> platform ? "running" : "processing";
            default -> platform ? "succeeded" : "completed";
        });
        info.put("created_at", Instant.ofEpochMilli(request.submittedAt()).toString());
        info.put("updated_at", Instant.ofEpochMilli(updatedAt).toString());
        if (failed) {
            int code;
            String title;
            String detail;
            if (phase == SimRequest.Phase.CANCELLED) {
                code = 4008;
                title = "Task Execution Error";
                detail = "The task was cancelled";
            } else if (request.outcome() == Outcome.CONTENT_BLOCKED) {
                code = 3001;
                title = "Content Policy Violation";
                detail = "The upstream provider blocked the request: the prompt or input image was flagged by"
                        + " its safety filters (simulated)";
            } else {
                code = platform ? 4002 : 3001;
                title = "Task Execution Error";
                detail = "Task execution failed (simulated)";
            }
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
        }
        return info;
    }

    /** Per task, from its id: odd last hex digit → the platform pages' vocabulary. */
    static boolean platformVocabulary(String id) {
        int digit = Character.digit(id.charAt(id.length() - 1), 16);
        return digit >= 0 && digit % 2 == 1;
    }
}
