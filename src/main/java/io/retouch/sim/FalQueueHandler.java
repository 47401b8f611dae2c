package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fal's queue API under {@code /fal}: submit, status, result and cancel for
 * {@code fal-ai/nano-banana-pro/edit}, shaped as in vendors.md §1.4–1.7. Every endpoint wants
 * {@code Authorization: Key …}.
 */
final class FalQueueHandler extends SimProtocol {

    static final String VENDOR = "fal";

    private static final String SUBMIT_PATH = FalUrls.MODEL_PATH + "/edit";
    private static final String REQUESTS_PATH = FalUrls.MODEL_PATH + "/requests/";

    private final FalUrls urls;
    private final SimIntake intake;
    private final FalSubmitter submitter;
    private final FalResults results;

    FalQueueHandler(String simulatorBaseUrl, SimIntake intake) {
        super(VENDOR, "/fal");
        this.urls = new FalUrls(simulatorBaseUrl + path());
        this.intake = intake;
        this.submitter = new FalSubmitter(urls, intake);
        this.results = new FalResults(intake);
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!HttpRequests.key(exchange)) {
            HttpReplies.json(exchange, 401, Map.of("detail", "Missing or invalid credentials; expected "
                    + "'Authorization: Key <FAL_KEY>'"));
        } else if (path.equals(SUBMIT_PATH)) {
            requireMethod(exchange, "POST", () -> submitter.submit(exchange));
        } else if (path.startsWith(REQUESTS_PATH)) {
            routeRequest(exchange, path.substring(REQUESTS_PATH.length()).split("/", -1));
        } else {
            HttpReplies.json(exchange, 404, Map.of("detail", "Not Found"));
        }
    }

    private void routeRequest(HttpExchange exchange, String[] segments) throws IOException, InterruptedException {
        String id = segments[0];
        if (segments.length == 1) {
            requireMethod(exchange, "GET", () -> results.result(exchange, id));
        } else if (segments.length == 2 && segments[1].equals("status")) {
            requireMethod(exchange, "GET", () -> status(exchange, id));
        } else if (segments.length == 2 && segments[1].equals("cancel")) {
            requireMethod(exchange, "PUT", () -> cancel(exchange, id));
        } else {
            HttpReplies.json(exchange, 404, Map.of("detail", "Not Found"));
        }
    }

    private static void requireMethod(HttpExchange exchange, String method, HttpReplies.Action action)
            throws IOException, InterruptedException {
        HttpRequests.requireMethod(exchange, method,
                wrong -> HttpReplies.json(wrong, 405, Map.of("detail", "Method Not Allowed")), action);
    }

    private void status(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (PollFaults.answered(exchange, intake, VENDOR, FalQueueHandler::connectionError,
                limited -> HttpReplies.json(limited, 429, Map.of("detail", "Rate limit exceeded (simulated)")))) {
            return;
        }
        Optional<SimRequest> found = intake.find(id);
        if (found.isEmpty()) {
            HttpReplies.json(exchange, 404, Map.of("detail", "Request not found"));
            return;
        }
        SimRequest request = found.get();
        SimRequest.Phase phase = request.phaseAt(intake.now());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", phase == SimRequest.Phase.CANCELLED ? "COMPLETED" : phase.name());
        body.put("request_id", id);
        body.put("response_url", urls.responseUrl(id));
        body.put("status_url", urls.statusUrl(id));
        body.put("cancel_url", urls.cancelUrl(id));
        if (phase == SimRequest.Phase.IN_QUEUE) {
            body.put("queue_position", intake.queuedAhead(request));
        }
        if ("1".equals(HttpRequests.queryParameter(exchange, "logs"))) {
            body.put("logs", logs(request, phase));
        }
        if (phase == SimRequest.Phase.COMPLETED) {
            body.put("metrics", Map.of("inference_time", (request.finishAt() - request.startAt()) / 1000.0));
        }
        HttpReplies.json(exchange, 200, body);
    }

    private static void connectionError(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("X-Fal-Error-Type", "runner_connection_error");
        HttpReplies.json(exchange, 503, Map.of("detail", "Upstream connection error (simulated)",
                "error_type", "runner_connection_error"));
    }

    private static List<Map<String, String>> logs(SimRequest request, SimRequest.Phase phase) {
        List<Map<String, String>> logs = new ArrayList<>();
        if (phase != SimRequest.Phase.IN_QUEUE) {
            logs.add(log(request.startAt(), "Editing " + request.inputCount() + " input image(s) into "
                    + request.params().numImages() + " output(s) at " + request.params().resolution()));
        }
        if (phase == SimRequest.Phase.COMPLETED) {
            logs.add(log(request.finishAt(), "Done"));
        } else if (phase == SimRequest.Phase.CANCELLED) {
            logs.add(log(request.cancelledAt(), "Cancelled by the user"));
        }
        return logs;
    }

    private static Map<String, String> log(long at, String message) {
        return Map.of("message", message, "level", "INFO", "source", "USER",
                "timestamp", Instant.ofEpochMilli(at).toString());
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        Optional<SimRequestStore.Cancellation> cancellation = intake.store().cancel(id, intake.now());
        if (cancellation.isEmpty()) {
            HttpReplies.json(exchange, 404, Map.of("status", "NOT_FOUND"));
        } else if (cancellation.get().cancelled()) {
            HttpReplies.json(exchange, 202, Map.of("status", "CANCELLATION_REQUESTED"));
        } else {
            HttpReplies.json(exchange, 400, Map.of("status", "ALREADY_COMPLETED"));
        }
    }
}
