package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runflow's runs API under {@code /runflow} (vendors.md §3.3, §3.5): create a run for
 * {@code google/nano-banana-pro/edit}, get a run, cancel it (assumed {@code POST …/cancel}) and
 * list runs by {@code client_ref} (assumed {@code GET /v1/runs?client_ref=…}). Every endpoint wants
 * {@code Authorization: Bearer …}; errors use Runflow's {@code {code, message, errors}} envelope.
 */
final class RunflowHandler extends SimProtocol {

    static final String VENDOR = "runflow";

    private static final String SUBMIT_PATH = "/v1/models/" + RunflowRuns.MODEL_ID + "/runs";
    private static final String RUNS_PATH = "/v1/runs";

    private final SimIntake intake;
    private final RunflowRuns runs;
    private final RunflowSubmitter submitter;

    RunflowHandler(String simulatorBaseUrl, SimIntake intake) {
        super(VENDOR, "/runflow");
        this.intake = intake;
        this.runs = new RunflowRuns(simulatorBaseUrl + path() + RUNS_PATH, intake);
        this.submitter = new RunflowSubmitter(intake, runs);
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!HttpRequests.bearer(exchange)) {
            unauthorized(exchange);
        } else if (path.equals(SUBMIT_PATH)) {
            requireMethod(exchange, "POST", () -> submitter.submit(exchange));
        } else if (path.equals(RUNS_PATH)) {
            requireMethod(exchange, "GET", () -> list(exchange));
        } else if (path.startsWith(RUNS_PATH + "/")) {
            String[] segments = path.substring(RUNS_PATH.length() + 1).split("/", -1);
            if (segments.length == 1) {
                requireMethod(exchange, "GET", () -> get(exchange, segments[0]));
            } else if (segments.length == 2 && segments[1].equals("cancel")) {
                requireMethod(exchange, "POST", () -> cancel(exchange, segments[0]));
            } else {
                notFound(exchange);
            }
        } else {
            notFound(exchange);
        }
    }

    /** Runflow's error envelope; {@code errors} holds field details for 422, null otherwise. */
    static void error(HttpExchange exchange, int status, String code, String message, Object errors) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("errors", errors);
        HttpReplies.json(exchange, status, body);
    }

    static void unauthorized(HttpExchange exchange) throws IOException {
        error(exchange, 401, "UNAUTHORIZED", "Missing or invalid API key. Send 'Authorization: Bearer <RUNFLOW_API_KEY>'.", null);
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        error(exchange, 404, "NOT_FOUND", "The requested resource was not found.", null);
    }

    private static void runNotFound(HttpExchange exchange, String id) throws IOException {
        error(exchange, 404, "RUN_NOT_FOUND", "Run '" + id + "' was not found.", null);
    }

    private static void requireMethod(HttpExchange exchange, String method, HttpReplies.Action action)
            throws IOException, InterruptedException {
        HttpRequests.requireMethod(exchange, method, wrong -> error(wrong, 405, "METHOD_NOT_ALLOWED",
                "Method " + wrong.getRequestMethod() + " is not allowed here.", null), action);
    }

    /** Poll faults hit every status call: a run's GET and the list. True when one was answered. */
    private boolean pollFault(HttpExchange exchange) throws IOException, InterruptedException {
        return PollFaults.answered(exchange, intake, VENDOR,
                unavailable -> error(unavailable, 503, "SERVICE_UNAVAILABLE",
                        "The service is temporarily unavailable. (simulated)", null),
                limited -> error(limited, 429, "RATE_LIMITED",
                        "Rate limit exceeded: 60 requests per minute. (simulated)", null));
    }

    private Optional<SimRequest> find(String id) {
        return intake.find(id).filter(r -> VENDOR.equals(r.vendor()));
    }

    private void get(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        Optional<SimRequest> found = find(id);
        if (found.isEmpty()) {
            runNotFound(exchange, id);
            return;
        }
        HttpReplies.json(exchange, 200, runs.current(found.get()));
    }

    private void list(HttpExchange exchange) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        String clientRef = HttpRequests.queryParameter(exchange, "client_ref");
        List<SimRequest> matching = intake.store().inSubmissionOrder().stream()
                .filter(r -> VENDOR.equals(r.vendor()))
                .filter(r -> clientRef == null || clientRef.equals(r.clientRef()))
                .toList()
                .reversed(); // newest first
        List<Map<String, Object>> data = new ArrayList<>();
        for (SimRequest request : matching.subList(0, Math.min(50, matching.size()))) data.add(runs.current(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("next_pq", null);
        body.put("prev_pq", null);
        HttpReplies.json(exchange, 200, body);
    }

    private void cancel(HttpExchange exchange, String id) throws IOException, InterruptedException {
        long now = intake.now();
        Optional<SimRequestStore.Cancellation> cancellation = find(id).flatMap(found -> intake.store().cancel(id, now));
        if (cancellation.isEmpty()) {
            runNotFound(exchange, id);
        } else if (cancellation.get().cancelled()) {
            HttpReplies.json(exchange, 200, runs.current(cancellation.get().request()));
        } else {
            SimRequest request = cancellation.get().request();
            error(exchange, 409, "RUN_NOT_CANCELABLE", "Run '" + id + "' is already "
                    + RunflowRuns.statusCode(request, request.phaseAt(now)) + " and cannot be canceled.", null);
        }
    }
}
