package io.retouch.sim.gemini;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.Outcome;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The Gemini Batch API under {@code /gemini-batch} (vendors.md §7.2): {@code POST
 * v1beta/models/gemini-3-pro-image-preview:batchGenerateContent} with inline requests, {@code GET
 * v1beta/batches/{id}} (a long-running Operation whose {@code metadata.state} is
 * {@code BATCH_STATE_*}; when done, {@code response.inlinedResponses.inlinedResponses[]} holds each
 * row's result under its {@code metadata.key}), {@code GET v1beta/batches} and {@code POST
 * v1beta/batches/{id}:cancel}.
 * <p>
 * The whole batch is one admission for the submit faults (refused, late or garbled together);
 * each row is its own {@link SimRequest} in the batch's group, with its own fate drawn from the
 * row's JSON: {@code content-blocked} answers the row with {@code promptFeedback.blockReason},
 * {@code task-failed} with a row {@code error}, {@code expired-output} as a success (inline images
 * cannot expire). Poll faults hit {@code GET batches/{id}}. Display names are kept in memory only.
 */
public final class GeminiBatchProtocol extends GeminiProtocol {

    private static final String CREATE = "/v1beta/models/" + MODEL + ":batchGenerateContent";
    private static final String BATCHES = "/v1beta/batches";
    private static final int MAX_BODY = 20 * 1024 * 1024;
    private static final String TYPES = "type.googleapis.com/google.ai.generativelanguage.v1main.";
    private static final String NOT_FOUND = "Requested entity was not found.";

    private final Map<String, String> displayNames = new ConcurrentHashMap<>();

    public GeminiBatchProtocol(SimIntake intake) {
        super("gemini-batch", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String batch = path.startsWith(BATCHES + "/") ? path.substring("/v1beta/".length()) : null;
        if (keyMissing(exchange)) return;
        if (path.equals(CREATE) && method.equals("POST")) create(exchange);
        else if (path.equals(BATCHES) && method.equals("GET")) list(exchange);
        else if (batch != null && batch.endsWith(":cancel") && method.equals("POST"))
            cancel(exchange, batch.substring(0, batch.length() - ":cancel".length()));
        else if (batch != null && method.equals("GET")) get(exchange, batch);
        else if (path.startsWith("/v1beta/models/"))
            error(exchange, 404, "NOT_FOUND", "models/" + path.substring("/v1beta/models/".length())
                    + " is not found for API version v1beta, or is not supported for this method.");
        else error(exchange, 404, "NOT_FOUND", "The requested URL was not found on this server.");
    }

    private void create(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        JsonNode rows;
        List<EditParams> params = new ArrayList<>();
        String displayName;
        try {
            require(body.length <= MAX_BODY, "Request payload size exceeds the limit: " + MAX_BODY + " bytes.");
            JsonNode root = parse(body);
            JsonNode batch = root == null ? null : root.get("batch");
            require(batch != null && batch.isObject(), "* BatchGenerateContentRequest.batch: batch is required");
            displayName = batch.path(batch.has("display_name") ? "display_name" : "displayName").stringValue(null);
            JsonNode input = field(batch, "inputConfig");
            require(input != null && input.isObject(), "* GenerateContentBatch.input_config: input_config is required");
            require(field(input, "fileName") == null, "The simulator serves inline batches only (input_config.requests).");
            rows = input.path("requests").path("requests");
            require(rows.isArray() && !rows.isEmpty(),
                    "* GenerateContentBatch.input_config.requests.requests: at least one request is required");
            for (int i = 0; i < rows.size(); i++)
                params.add(read(rows.get(i).get("request"), "batch.input_config.requests.requests[" + i + "].request."));
        } catch (Invalid invalid) {
            error(exchange, 400, "INVALID_ARGUMENT", invalid.getMessage());
            return;
        }
        SimIntake.Admission admission = admit(exchange, body);
        if (admission == null) return;
        String name = "batches/" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        List<SimIntake.Entry> entries = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            // Each row's fate is its own, drawn from its JSON; the batch's submit fault applies to all.
            SimIntake.Admission own = intake.admit(vendor(), HttpReplies.JSON.writeValueAsBytes(rows.get(i)));
            FaultProfile.Decision fate = new FaultProfile.Decision(admission.decision().submitFault(),
                    own.decision().outcome(), own.decision().slowQueue());
            entries.add(new SimIntake.Entry(new SimIntake.Admission(vendor(), own.bodySha256(), own.seed(), fate),
                    params.get(i), rows.get(i).path("metadata").path("key").stringValue(null)));
        }
        List<SimRequest> accepted;
        try {
            accepted = intake.accept(entries, name);
        } catch (SimIntake.InputRejected rejected) {
            // The whole batch is refused, and none of its rows is paid.
            badInput(exchange, null, rejected);
            return;
        }
        if (displayName != null) displayNames.put(name, displayName);
        accepted(exchange, new Taken(accepted.getFirst(), admission), 200, operation(name, accepted, false));
    }

    private void get(HttpExchange exchange, String name) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        List<SimRequest> rows = intake.store().inGroup(name);
        if (rows.isEmpty()) error(exchange, 404, "NOT_FOUND", NOT_FOUND);
        else HttpReplies.json(exchange, 200, operation(name, rows, true));
    }

    private void list(HttpExchange exchange) throws IOException, InterruptedException {
        List<Object> operations = new ArrayList<>();
        for (String name : intake.store().inSubmissionOrder().stream().filter(r -> vendor().equals(r.vendor()))
                .map(SimRequest::group).filter(Objects::nonNull).distinct().toList())
            operations.add(operation(name, intake.store().inGroup(name), false));
        HttpReplies.json(exchange, 200, Map.of("operations", operations));
    }

    /** Cancels the rows not yet completed; a batch already finished cannot be cancelled. */
    private void cancel(HttpExchange exchange, String name) throws IOException {
        List<SimRequest> rows = intake.store().inGroup(name);
        long now = intake.now();
        boolean cancelled = false;
        for (SimRequest row : rows)
            cancelled |= intake.cancel(row.id(), now).map(SimRequestStore.Cancellation::cancelled).orElse(false);
        if (rows.isEmpty()) error(exchange, 404, "NOT_FOUND", NOT_FOUND);
        else if (!cancelled && rows.stream().noneMatch(r -> r.phaseAt(now) == SimRequest.Phase.CANCELLED))
            error(exchange, 400, "FAILED_PRECONDITION", "Batch " + name + " has already finished and cannot be cancelled.");
        else HttpReplies.json(exchange, 200, Map.of());
    }

    /** The batch as Google's long-running Operation; once done, with every completed row's result if {@code withResults}. */
    private Map<String, Object> operation(String name, List<SimRequest> rows, boolean withResults)
            throws IOException, InterruptedException {
        long now = intake.now();
        int queued = 0, completed = 0, cancelled = 0, failed = 0;
        long updated = rows.getFirst().submittedAt();
        for (SimRequest row : rows) {
            switch (row.phaseAt(now)) {
                case IN_QUEUE -> queued++;
                case IN_PROGRESS -> updated = Math.max(updated, row.startAt());
                case COMPLETED -> {
                    completed++;
                    failed += row.outcome() == Outcome.TASK_FAILED ? 1 : 0;
                    updated = Math.max(updated, row.finishAt());
                }
                case CANCELLED -> {
                    cancelled++;
                    updated = Math.max(updated, row.cancelledAt());
                }
            }
        }
        boolean done = completed + cancelled == rows.size();
        String state = cancelled > 0 ? "CANCELLED" : completed == rows.size() ? "SUCCEEDED"
                : queued == rows.size() ? "PENDING" : "RUNNING";
        // int64 counts are strings in proto3 JSON.
        Map<String, Object> stats = new TreeMap<>(Map.of("requestCount", String.valueOf(rows.size()),
                "pendingRequestCount", String.valueOf(rows.size() - completed - cancelled)));
        if (completed > 0) stats.putAll(Map.of("successfulRequestCount", String.valueOf(completed - failed),
                "failedRequestCount", String.valueOf(failed)));
        String time = Instant.ofEpochMilli(updated).toString();
        Map<String, Object> metadata = new TreeMap<>(Map.of("@type", TYPES + "GenerateContentBatch", "model", "models/" + MODEL,
                "displayName", displayNames.getOrDefault(name, name), "name", name, "state", "BATCH_STATE_" + state,
                "createTime", Instant.ofEpochMilli(rows.getFirst().submittedAt()).toString(), "updateTime", time,
                "batchStats", stats));
        if (done) metadata.put("endTime", time);
        Map<String, Object> operation = object("name", name, "metadata", metadata);
        if (!done) return operation;
        operation.put("done", true);
        if (!withResults) return operation;
        List<Object> results = new ArrayList<>();
        for (SimRequest row : rows) if (row.phaseAt(now) == SimRequest.Phase.COMPLETED) results.add(result(row));
        operation.put("response", Map.of("@type", TYPES + "GenerateContentBatchOutput",
                "inlinedResponses", Map.of("inlinedResponses", results)));
        return operation;
    }

    private Map<String, Object> result(SimRequest row) throws IOException, InterruptedException {
        Map<String, Object> entry = switch (row.outcome()) {
            case TASK_FAILED -> object("error", Map.of("code", 13, "message", "Internal error encountered."));
            case CONTENT_BLOCKED -> object("response", Map.of("promptFeedback", Map.of("blockReason", "PROHIBITED_CONTENT"),
                    "usageMetadata", usage(row), "modelVersion", MODEL));
            case SUCCEEDED, OUTPUT_EXPIRED -> object("response", generateContentResponse(row));
        };
        if (row.clientRef() != null) entry.put("metadata", Map.of("key", row.clientRef()));
        return entry;
    }
}
