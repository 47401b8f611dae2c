package io.retouch.sim.gemini;

import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.Outcome;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
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
public final class GeminiBatchProtocol extends GoogleProtocol {

    private static final String CREATE = "/v1beta/models/" + MODEL + ":batchGenerateContent";
    private static final String BATCHES = "/v1beta/batches";
    private static final int MAX_BODY = 20 * 1024 * 1024;

    private final Map<String, String> displayNames = new ConcurrentHashMap<>();

    public GeminiBatchProtocol(SimIntake intake) {
        super("gemini-batch", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        if (!authorized(exchange)) {
            missingKey(exchange);
        } else if (path.equals(CREATE) && method.equals("POST")) {
            create(exchange);
        } else if (path.equals(BATCHES) && method.equals("GET")) {
            list(exchange);
        } else if (path.startsWith(BATCHES + "/") && path.endsWith(":cancel") && method.equals("POST")) {
            cancel(exchange, path.substring("/v1beta/".length(), path.length() - ":cancel".length()));
        } else if (path.startsWith(BATCHES + "/") && method.equals("GET")) {
            get(exchange, path.substring("/v1beta/".length()));
        } else if (path.startsWith("/v1beta/models/")) {
            notFound(exchange, "models/" + path.substring("/v1beta/models/".length())
                    + " is not found for API version v1beta, or is not supported for this method.");
        } else {
            notFound(exchange, "The requested URL was not found on this server.");
        }
    }

    private record Row(JsonNode node, EditParams params, String key) {}

    private void create(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            invalidArgument(exchange, "Request payload size exceeds the limit: " + MAX_BODY + " bytes.");
            return;
        }
        List<Row> rows = new ArrayList<>();
        String displayName;
        try {
            JsonNode root = HttpReplies.JSON.readTree(body);
            JsonNode batch = root == null ? null : root.get("batch");
            if (batch == null || !batch.isObject())
                throw new GeminiRequestReader.Invalid("* BatchGenerateContentRequest.batch: batch is required");
            displayName = batch.path(batch.has("display_name") ? "display_name" : "displayName").stringValue(null);
            JsonNode input = batch.has("input_config") ? batch.get("input_config") : batch.get("inputConfig");
            if (input == null || !input.isObject())
                throw new GeminiRequestReader.Invalid("* GenerateContentBatch.input_config: input_config is required");
            if (input.has("fileName") || input.has("file_name"))
                throw new GeminiRequestReader.Invalid("The simulator serves inline batches only (input_config.requests).");
            JsonNode requests = input.path("requests").path("requests");
            if (!requests.isArray() || requests.isEmpty())
                throw new GeminiRequestReader.Invalid("* GenerateContentBatch.input_config.requests.requests: at least one"
                        + " request is required");
            for (int i = 0; i < requests.size(); i++) {
                JsonNode entry = requests.get(i);
                String at = "batch.input_config.requests.requests[" + i + "].request.";
                EditParams params = GeminiRequestReader.read(entry.get("request"), at);
                String key = entry.path("metadata").path("key").stringValue(null);
                rows.add(new Row(entry, params, key));
            }
        } catch (JacksonException e) {
            invalidArgument(exchange, INVALID_JSON);
            return;
        } catch (GeminiRequestReader.Invalid invalid) {
            invalidArgument(exchange, invalid.getMessage());
            return;
        }
        SimIntake.Admission batchAdmission = intake.admit(vendor(), body);
        if (batchAdmission.refused()) {
            answer(exchange, batchAdmission.refusal());
            return;
        }
        String name = "batches/" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        List<SimIntake.Entry> entries = new ArrayList<>();
        for (Row row : rows) {
            // Each row's fate is its own, drawn from its JSON; the batch's submit fault applies to all.
            SimIntake.Admission own = intake.admit(vendor(), HttpReplies.JSON.writeValueAsBytes(row.node()));
            entries.add(new SimIntake.Entry(new SimIntake.Admission(vendor(), own.bodySha256(), own.seed(),
                    new FaultProfile.Decision(batchAdmission.decision().submitFault(), own.decision().outcome(),
                            own.decision().slowQueue())), row.params(), row.key()));
        }
        try {
            intake.acceptAll(entries, name);
        } catch (SimIntake.InputRejected rejected) {
            // the whole batch is refused, and none of its rows is paid
            invalidArgument(exchange, UNREADABLE_IMAGE);
            return;
        }
        if (displayName != null) displayNames.put(name, displayName);
        if (intake.answeredBadly(batchAdmission, exchange, 200)) return;
        HttpReplies.json(exchange, 200, operation(name, intake.group(name), false));
    }

    private void get(HttpExchange exchange, String name) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        List<SimRequest> rows = intake.group(name);
        if (rows.isEmpty()) {
            notFound(exchange, "Requested entity was not found.");
            return;
        }
        HttpReplies.json(exchange, 200, operation(name, rows, true));
    }

    private void list(HttpExchange exchange) throws IOException, InterruptedException {
        Set<String> names = new LinkedHashSet<>();
        for (SimRequest request : intake.store().inSubmissionOrder())
            if (vendor().equals(request.vendor()) && request.group() != null) names.add(request.group());
        List<Object> operations = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> op = operation(name, intake.group(name), false);
            operations.add(op);
        }
        HttpReplies.json(exchange, 200, Map.of("operations", operations));
    }

    private void cancel(HttpExchange exchange, String name) throws IOException {
        List<SimRequest> rows = intake.group(name);
        if (rows.isEmpty()) {
            notFound(exchange, "Requested entity was not found.");
            return;
        }
        long now = intake.now();
        boolean cancelled = false;
        for (SimRequest row : rows) {
            cancelled |= intake.store().cancel(row.id(), now).map(SimRequestStore.Cancellation::cancelled).orElse(false);
        }
        if (!cancelled && rows.stream().noneMatch(r -> r.phaseAt(now) == SimRequest.Phase.CANCELLED)) {
            error(exchange, 400, "FAILED_PRECONDITION", "Batch " + name + " has already finished and"
                    + " cannot be cancelled.");
            return;
        }
        HttpReplies.json(exchange, 200, Map.of());
    }

    /** The batch as Google's long-running Operation; with results once done, if {@code withResults}. */
    private Map<String, Object> operation(String name, List<SimRequest> rows, boolean withResults)
            throws IOException, InterruptedException {
        long now = intake.now();
        int queued = 0, completed = 0, cancelled = 0, succeeded = 0, failed = 0;
        long updated = 0;
        for (SimRequest row : rows) {
            switch (row.phaseAt(now)) {
                case IN_QUEUE -> queued++;
                case IN_PROGRESS -> updated = Math.max(updated, row.startAt());
                case COMPLETED -> {
                    completed++;
                    updated = Math.max(updated, row.finishAt());
                    if (row.outcome() == Outcome.TASK_FAILED) failed++;
                    else succeeded++;
                }
                case CANCELLED -> {
                    cancelled++;
                    updated = Math.max(updated, row.cancelledAt());
                }
            }
        }
        String state = cancelled > 0 ? "BATCH_STATE_CANCELLED"
                : completed == rows.size() ? "BATCH_STATE_SUCCEEDED"
                : queued == rows.size() ? "BATCH_STATE_PENDING"
                : "BATCH_STATE_RUNNING";
        boolean done = completed + cancelled == rows.size();
        long created = rows.getFirst().submittedAt();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requestCount", String.valueOf(rows.size()));
        stats.put("pendingRequestCount", String.valueOf(rows.size() - completed - cancelled));
        if (completed > 0) {
            stats.put("successfulRequestCount", String.valueOf(succeeded));
            stats.put("failedRequestCount", String.valueOf(failed));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch");
        metadata.put("model", "models/" + MODEL);
        metadata.put("displayName", displayNames.getOrDefault(name, name));
        metadata.put("createTime", Instant.ofEpochMilli(created).toString());
        metadata.put("updateTime", Instant.ofEpochMilli(Math.max(created, updated)).toString());
        metadata.put("batchStats", stats);
        metadata.put("state", state);
        metadata.put("name", name);
        if (done) metadata.put("endTime", Instant.ofEpochMilli(Math.max(created, updated)).toString());
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("name", name);
        operation.put("metadata", metadata);
        if (done) {
            operation.put("done", true);
            if (withResults) {
                List<Object> responses = new ArrayList<>();
                for (SimRequest row : rows)
                    if (row.phaseAt(now) == SimRequest.Phase.COMPLETED) responses.add(rowResult(row));
                operation.put("response", Map.of(
                        "@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput",
                        "inlinedResponses", Map.of("inlinedResponses", responses)));
            }
        }
        return operation;
    }

    private Map<String, Object> rowResult(SimRequest row) throws IOException, InterruptedException {
        Map<String, Object> entry = new LinkedHashMap<>();
        switch (row.outcome()) {
            case TASK_FAILED -> entry.put("error", Map.of("code", 13, "message", "Internal error encountered."));
            case CONTENT_BLOCKED -> entry.put("response", Map.of(
                    "promptFeedback", Map.of("blockReason", "PROHIBITED_CONTENT"),
                    "usageMetadata", Map.of("promptTokenCount", 258 * row.inputCount() + 20,
                            "totalTokenCount", 258 * row.inputCount() + 20),
                    "modelVersion", MODEL));
            case SUCCEEDED, OUTPUT_EXPIRED -> entry.put("response", generateContentResponse(row));
        }
        if (row.clientRef() != null) entry.put("metadata", Map.of("key", row.clientRef()));
        return entry;
    }
}
