package io.retouch.provider.gemini.batch;

import io.retouch.provider.Capabilities;
import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import io.retouch.provider.gemini.GeminiCapabilities;
import io.retouch.provider.gemini.GeminiCodec;
import io.retouch.provider.gemini.GeminiErrors;
import io.retouch.provider.gemini.GeminiInputs;
import io.retouch.provider.gemini.GeminiSettings;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.VendorHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Gemini Batch API (vendors.md §7.2) at half the price of {@code generateContent}: submits are
 * gathered in a {@link BatchWindow} and sent as ONE {@code batchGenerateContent} with inline
 * requests, each row keyed by our attempt id; a row's task id is {@code batches/<id>#<attemptId>}.
 * Polls of the rows of one batch share one {@code GET batches/<id>} ({@link BatchStates}), and a
 * finished batch carries every row's result inline, found by its key.
 */
public final class GeminiBatchAdapter implements VendorAdapter {

    public static final String NAME = "gemini-batch";
    /** Sending up to 20 MB of inline requests, and reading finished batches with every image inline. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FRESH = Duration.ofSeconds(1);
    private static final Duration FRESH_DONE = Duration.ofSeconds(60);

    private final GeminiSettings settings;
    private final VendorHttp http;
    private final GeminiInputs inputs;
    private final BatchWindow window;
    private final BatchStates states;
    /** Rows of each batch this process sent and has not given up on: a batch is cancelled only when none is left. */
    private final Map<String, Set<String>> wanted = new ConcurrentHashMap<>();

    public GeminiBatchAdapter(GeminiSettings settings, BatchLimits limits) {
        this.settings = settings;
        this.http = new VendorHttp(NAME, settings.requestTimeout(), settings.secret());
        this.inputs = new GeminiInputs(Duration.ofSeconds(60));
        this.window = new BatchWindow(limits, settings.requestTimeout(), this::send);
        this.states = new BatchStates(FRESH, FRESH_DONE);
    }

    @Override
    public String name() {
        return NAME;
    }


    /** Google targets 24 h and is usually much faster: ask every tenth of the time spent, 1 s to 10 min apart. */
    @Override
    public PollPacing pacing() {
        return new PollPacing(Duration.ofSeconds(1), Duration.ofMinutes(10), 0.1);
    }

    /**
     * Paid call, batched: fetches the inputs, then waits (at most the window's wait) for the batch
     * this row joins to be sent. Every row of a batch gets the batch's outcome.
     */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        String url = createUrl();
        String refusal = GeminiCodec.seedRefusal(request);
        if (refusal != null) return refusedLocally(url, "seed_out_of_range", refusal);
        if (attemptId == null || attemptId.isBlank() || attemptId.contains("#"))
            return refusedLocally(url, "bad_key", "attempt id '" + attemptId + "' cannot be a batch row key");
        List<GeminiInputs.InlineImage> images;
        try {
            images = inputs.fetch(request.imageUrls());
        } catch (GeminiInputs.InputProblem problem) {
            return refusedLocally(url, "input_unavailable", problem.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            VendorError error = VendorError.of(ErrorClass.RETRYABLE, "interrupted", "interrupted while fetching the inputs");
            return new SubmitOutcome.Refused(error, VendorCall.local("submit", url, "interrupted", error.message()));
        }
        ObjectNode row = Json.object();
        row.set("request", GeminiCodec.request(request, images));
        row.putObject("metadata").put("key", attemptId);
        long bytes = Json.write(row).length();
        if (bytes > GeminiInputs.MAX_REQUEST_BYTES - 4096)
            return refusedLocally(url, "too_large", "the row's inline request is " + bytes
                    + " bytes; a Gemini batch takes at most " + GeminiInputs.MAX_REQUEST_BYTES + " inline");
        return window.join(attemptId, row, bytes, url);
    }

    /** One closed window: one {@code batchGenerateContent}, one outcome for all its rows. */
    private List<SubmitOutcome> send(List<BatchWindow.Row> rows) {
        ObjectNode body = Json.object();
        ObjectNode batch = body.putObject("batch");
        // Our first row's key names the batch, so it can be recognised in Google's console and lists.
        batch.put("displayName", "retouch-" + rows.getFirst().key());
        ArrayNode requests = batch.putObject("inputConfig").putObject("requests").putArray("requests");
        rows.forEach(r -> requests.add(r.request()));
        HttpReply reply = http.exchange("submit", "POST", settings.modelMethod("batchGenerateContent"),
                settings.authHeaders(), Json.write(body));
        SubmitOutcome shared;
        String batchName = null;
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from Gemini, the batch of " + rows.size() + " row(s) may have been created: "
                    + reply.failure();
            shared = new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        } else if (!reply.ok()) {
            VendorError error = GeminiErrors.of(reply);
            shared = new SubmitOutcome.Refused(error, reply.call(error));
        } else {
            JsonNode answer = Json.object(reply.body());
            batchName = answer == null ? null : Json.text(answer, "name");
            if (batchName == null && answer != null) batchName = Json.text(answer.path("metadata"), "name");
            if (!BatchTaskId.isBatchName(batchName)) {
                String reason = "Gemini answered HTTP " + reply.status() + " without a readable batch name, the batch"
                        + " of " + rows.size() + " row(s) may have been created: " + HttpReply.brief(reply.body());
                shared = new SubmitOutcome.Unknown(reason, reply.call(null, reason));
                batchName = null;
            } else {
                shared = null;
            }
        }
        List<SubmitOutcome> outcomes = new ArrayList<>();
        if (batchName == null) {
            rows.forEach(r -> outcomes.add(shared));
            return outcomes;
        }
        Set<String> keys = ConcurrentHashMap.newKeySet();
        VendorCall call = reply.call(null, batchName + " with " + rows.size() + " row(s)");
        for (BatchWindow.Row r : rows) {
            keys.add(r.key());
            outcomes.add(new SubmitOutcome.Accepted(new BatchTaskId(batchName, r.key()).toString(), call));
        }
        wanted.put(batchName, keys);
        return outcomes;
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        BatchTaskId id;
        try {
            id = BatchTaskId.parse(vendorRequestId);
        } catch (IllegalArgumentException e) {
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "bad_id", e.getMessage());
            return new PollOutcome.Failed(error, localCall("poll", vendorRequestId, e.getMessage()));
        }
        BatchStates.Answer answer = fetch(id, "poll");
        if (answer.body() == null) {
            VendorError error = callError(answer.reply());
            return GeminiErrors.isTaskVerdict(answer.reply(), error) ? new PollOutcome.Failed(error, answer.reply().call(error))
                    : new PollOutcome.Unavailable(error, answer.reply().call(error));
        }
        String state = BatchStates.state(answer.body());
        VendorCall call = answer.call();
        if (state == null) return unavailable(call, "Gemini answered a batch without a state");
        return switch (normalise(state)) {
            case "PENDING" -> new PollOutcome.Queued(call);
            case "RUNNING" -> new PollOutcome.Running(call);
            case "SUCCEEDED" -> new PollOutcome.Finished(call);
            case "FAILED", "EXPIRED", "CANCELLED" -> {
                // Rows that ran before a batch stopped keep their results: such a row is finished.
                JsonNode row = rowOf(answer.body(), id.key());
                if (row != null && row.path("response").isObject()) yield new PollOutcome.Finished(call);
                VendorError error = row != null && row.path("error").isObject()
                        ? GeminiErrors.ofRowError(row.path("error")) : batchEnded(answer.body(), state);
                yield new PollOutcome.Failed(error, call);
            }
            default -> unavailable(call, "Gemini answered an unknown batch state '" + state + "'");
        };
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        BatchTaskId id;
        try {
            id = BatchTaskId.parse(vendorRequestId);
        } catch (IllegalArgumentException e) {
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "bad_id", e.getMessage());
            return new CollectOutcome.Failed(error, localCall("collect", vendorRequestId, e.getMessage()));
        }
        BatchStates.Answer answer = fetch(id, "collect");
        if (answer.body() == null) {
            VendorError error = callError(answer.reply());
            return GeminiErrors.isTaskVerdict(answer.reply(), error) ? new CollectOutcome.Failed(error, answer.reply().call(error))
                    : new CollectOutcome.Unavailable(error, answer.reply().call(error));
        }
        String state = normalise(String.valueOf(BatchStates.state(answer.body())));
        JsonNode row = rowOf(answer.body(), id.key());
        if (row == null) {
            // Only a batch that surely ended is a verdict; a missing, unspecified or new state word is not.
            if (!List.of("SUCCEEDED", "FAILED", "EXPIRED", "CANCELLED").contains(state)) {
                VendorError error = VendorError.of(ErrorClass.RETRYABLE, "BATCH_STATE_" + state,
                        "the batch has not finished yet (or its state could not be read); its rows' results come when it has");
                return new CollectOutcome.Unavailable(error, answer.call());
            }
            VendorError error = state.equals("SUCCEEDED")
                    ? VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "ROW_MISSING",
                            "the finished batch " + id.batch() + " has no result for key " + id.key())
                    : batchEnded(answer.body(), "BATCH_STATE_" + state);
            return new CollectOutcome.Failed(error, answer.call());
        }
        if (row.path("error").isObject()) {
            VendorError error = GeminiErrors.ofRowError(row.path("error"));
            return new CollectOutcome.Failed(error, answer.call());
        }
        return switch (GeminiCodec.read(row.path("response"))) {
            case GeminiCodec.Answer.Image image -> new CollectOutcome.Outputs(List.of(image.output()), answer.call());
            case GeminiCodec.Answer.NoImage noImage -> new CollectOutcome.Failed(noImage.error(), answer.call());
        };
    }

    /**
     * Cancelling a batch cancels every row in it, so it is asked for only once every row this
     * process sent in that batch has been given up on. Otherwise (or after a restart, when the
     * batch's rows are not known) nothing is sent: the row finishes, and is billed, with its batch.
     */
    /** The row is settled: it is no longer wanted, and a batch with no wanted row is forgotten. */
    @Override
    public void done(String vendorRequestId) {
        BatchTaskId id;
        try {
            id = BatchTaskId.parse(vendorRequestId);
        } catch (IllegalArgumentException e) {
            return;
        }
        wanted.computeIfPresent(id.batch(), (batch, rows) -> {
            rows.remove(id.key());
            return rows.isEmpty() ? null : rows;
        });
    }

    @Override
    public VendorCall cancel(String vendorRequestId) {
        BatchTaskId id;
        try {
            id = BatchTaskId.parse(vendorRequestId);
        } catch (IllegalArgumentException e) {
            return localCall("cancel", vendorRequestId, e.getMessage());
        }
        Set<String> rows = wanted.get(id.batch());
        if (rows == null) {
            return localCall("cancel", vendorRequestId, "the rows of " + id.batch() + " are not known to this process;"
                    + " not cancelled, so no other row's edit is lost");
        }
        boolean last;
        synchronized (rows) {
            rows.remove(id.key());
            last = rows.isEmpty();
        }
        if (!last) {
            return localCall("cancel", vendorRequestId, rows.size() + " other row(s) of " + id.batch()
                    + " are still wanted; the batch is not cancelled");
        }
        wanted.remove(id.batch());
        HttpReply reply = http.exchange("cancel", "POST", settings.resource(id.batch() + ":cancel"),
                settings.authHeaders(), "{}");
        return reply.ok() ? reply.call(null, "cancel requested for " + id.batch()) : reply.call(GeminiErrors.of(reply));
    }

    /** Our rows travel in the batch, but finding one without its batch's name would mean reading every batch. */
    @Override
    public io.retouch.provider.Lookup findByReference(String attemptId) {
        return new io.retouch.provider.Lookup.Unknown("gemini-batch: a row is found through its batch's name, which an"
                + " in-doubt submit never learned");
    }

    @Override
    public void close() {
        window.close();
        http.close();
        inputs.close();
    }

    private BatchStates.Answer fetch(BatchTaskId id, String operation) {
        return states.get(id.batch(), () -> http.exchange(operation, "GET", settings.resource(id.batch()),
                settings.authHeaders(), null));
    }

    /** Why a GET gave no readable batch: the vendor's error, or a malformed answer. */
    private static VendorError callError(HttpReply reply) {
        if (!reply.ok()) return GeminiErrors.of(reply);
        return VendorError.of(ErrorClass.RETRYABLE, null, "Gemini answered a malformed batch: " + HttpReply.brief(reply.body()));
    }

    /** The row's entry in a finished batch's inline responses, by key (in {@code response} or {@code metadata.output}). */
    static JsonNode rowOf(JsonNode body, String key) {
        for (JsonNode output : List.of(body.path("response"), body.path("metadata").path("output"), body.path("output"))) {
            JsonNode list = output.path("inlinedResponses");
            if (list.isObject()) list = list.path("inlinedResponses");
            for (JsonNode row : list.values()) {
                String rowKey = Json.text(row.path("metadata"), "key");
                if (rowKey == null) rowKey = Json.text(row, "key");
                if (key.equals(rowKey)) return row;
            }
        }
        return null;
    }

    /** {@code BATCH_STATE_RUNNING} → {@code RUNNING}; the SDKs' {@code JOB_STATE_*} spelling too. */
    static String normalise(String state) {
        if (state.startsWith("BATCH_STATE_")) return state.substring("BATCH_STATE_".length());
        if (state.startsWith("JOB_STATE_")) return state.substring("JOB_STATE_".length());
        return state;
    }

    private static VendorError batchEnded(JsonNode body, String state) {
        String message = Json.text(body.path("error"), "message");
        return VendorError.of(ErrorClass.VENDOR_TASK_FAILED, state, message != null ? HttpReply.brief(message)
                : "the batch ended " + state + " without a result for this row");
    }

    private static PollOutcome unavailable(VendorCall call, String message) {
        VendorError error = VendorError.of(ErrorClass.RETRYABLE, null, message);
        return new PollOutcome.Unavailable(error, call);
    }

    private String createUrl() {
        return settings.modelMethod("batchGenerateContent").toString();
    }

    private VendorCall localCall(String operation, String id, String message) {
        return VendorCall.local(operation, settings.baseUrl() + "/v1beta/" + id, null, message);
    }

    private static SubmitOutcome refusedLocally(String url, String code, String message) {
        VendorError error = VendorError.of(ErrorClass.INVALID_REQUEST, code, message);
        return new SubmitOutcome.Refused(error, VendorCall.local("submit", url, code, message));
    }
}
