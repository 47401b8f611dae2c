package io.retouch.sim.runflow;

import static io.retouch.sim.BodySchema.*;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.BodySchema;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runflow's documented runs API (vendors.md §3.3) under {@code /runflow-runs}: create a run for
 * {@code google/nano-banana-pro/edit} ({@code {input, callback_url?, client_ref?}}), get a run, cancel
 * it (assumed {@code POST …/cancel}) and list runs by {@code client_ref} (assumed
 * {@code GET /v1/runs?client_ref=…}). Words, envelope and input schema as {@link RunflowWords}.
 */
public final class RunflowRunsProtocol extends RunflowWords {

    static final BodySchema CREATE = BodySchema.of(object("input", true, INPUT),
            text("callback_url", false, 2_000), text("client_ref", false, 200));

    private final RunflowRuns runs;

    public RunflowRunsProtocol(String simulatorBaseUrl, SimIntake intake) {
        super("runflow-runs", intake);
        this.runs = new RunflowRuns(simulatorBaseUrl + path() + "/v1/runs", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!HttpRequests.bearer(exchange)) {
            unauthorized(exchange);
        } else if (path.equals("/v1/models/" + MODEL_ID + "/runs")) {
            require(exchange, "POST", () -> create(exchange));
        } else if (path.equals("/v1/runs")) {
            require(exchange, "GET", () -> list(exchange));
        } else if (path.startsWith("/v1/runs/")) {
            String[] segments = path.substring("/v1/runs/".length()).split("/", -1);
            if (segments.length == 1) require(exchange, "GET", () -> get(exchange, segments[0]));
            else if (segments.length == 2 && segments[1].equals("cancel")) require(exchange, "POST", () -> cancel(exchange, segments[0]));
            else error(exchange, 404, "NOT_FOUND", "The requested resource was not found.");
        } else {
            error(exchange, 404, "NOT_FOUND", "The requested resource was not found.");
        }
    }

    private void create(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, CREATE, "input.image_urls", r -> params(r.nested("input")), r -> r.text("client_ref"));
        if (taken != null) accepted(exchange, taken, 201, runs.created(taken.request()));
    }

    private void get(HttpExchange exchange, String id) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        Optional<SimRequest> found = find(id);
        if (found.isEmpty()) error(exchange, 404, "RUN_NOT_FOUND", "Run '" + id + "' was not found.");
        else HttpReplies.json(exchange, 200, runs.current(found.get()));
    }

    private void list(HttpExchange exchange) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        String clientRef = HttpRequests.queryParameter(exchange, "client_ref");
        List<SimRequest> matching = intake.store().inSubmissionOrder().stream()
                .filter(r -> vendor().equals(r.vendor()))
                .filter(r -> clientRef == null || clientRef.equals(r.clientRef()))
                .toList().reversed(); // newest first
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
        Optional<SimRequestStore.Cancellation> cancellation = find(id).flatMap(r -> intake.store().cancel(id, now));
        if (cancellation.isEmpty()) {
            error(exchange, 404, "RUN_NOT_FOUND", "Run '" + id + "' was not found.");
        } else if (cancellation.get().cancelled()) {
            HttpReplies.json(exchange, 200, runs.current(cancellation.get().request()));
        } else {
            SimRequest request = cancellation.get().request();
            error(exchange, 409, "RUN_NOT_CANCELABLE", "Run '" + id + "' is already "
                    + RunflowRuns.statusCode(request, request.phaseAt(now)) + " and cannot be canceled.");
        }
    }
}
