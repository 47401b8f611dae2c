package io.retouch.provider.gemini;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.InputTransport;
import io.retouch.provider.Lookup;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.NotSent;
import io.retouch.provider.http.VendorApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Gemini Batch API (vendors.md §7.2) at half the price of {@code generateContent}: submits are
 * gathered in a {@link BatchWindow} and sent as ONE {@code batchGenerateContent} with inline
 * requests, each row keyed by our attempt id; a row's task id is {@code batches/<id>#<attemptId>}.
 * The rows of one batch share one {@code GET batches/<id>}, and a finished batch carries every
 * row's result inline, found by its key.
 */
public final class GeminiBatchAdapter extends VendorApi {

    /** Sending up to 20 MB of inline requests, and reading finished batches with every image inline. */
    public static final VendorSpec SPEC = new VendorSpec("gemini-batch", "Gemini Batch", GeminiAdapter.CAPABILITIES,
            GeminiAdapter.KEY_VARIABLES, GeminiAdapter.HOST, Duration.ofMinutes(2),
            List.of(BatchWindow.Limits.MAX_ROWS, BatchWindow.Limits.MAX_BYTES, BatchWindow.Limits.MAX_WAIT), null,
            wiring -> new GeminiBatchAdapter(wiring, BatchWindow.Limits.from(wiring.env())))
            .taking(InputTransport.FETCHED_BY_RETOUCH);

    /** Google targets 24 h and is usually much faster: ask every tenth of the time spent, 1 s to 10 min apart. */
    private static final PollPacing PACING = new PollPacing(Duration.ofSeconds(1), Duration.ofMinutes(10), 0.1);
    /** A readable GET is shared by its batch's rows for 1 s, or 60 s once the batch is done (its answer then stays). */
    private static final Duration FRESH = Duration.ofSeconds(1);
    private static final Duration FRESH_DONE = Duration.ofSeconds(60);
    private static final Pattern BATCH = Pattern.compile("batches/[A-Za-z0-9_.-]+");
    private static final List<String> ENDED = List.of("SUCCEEDED", "FAILED", "EXPIRED", "CANCELLED");
    /** The status words of gRPC's code numbers, which a row's {@code error.code} may carry instead of an HTTP status. */
    private static final List<String> GRPC = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
            "UNAUTHENTICATED");
    private static final Map<Integer, String> HTTP = Map.of(400, "INVALID_ARGUMENT", 401, "UNAUTHENTICATED",
            403, "PERMISSION_DENIED", 404, "NOT_FOUND", 429, "RESOURCE_EXHAUSTED", 500, "INTERNAL", 503, "UNAVAILABLE",
            504, "DEADLINE_EXCEEDED");

    /** One row of a batch as its task id, {@code batches/<id>#<key>}: the batch Google named and our attempt id. */
    private record RowId(String batch, String key) {
        static RowId parse(String id) {
            int hash = id == null ? -1 : id.lastIndexOf('#');
            if (hash < 0 || !BATCH.matcher(id.substring(0, hash)).matches() || hash == id.length() - 1) return null;
            return new RowId(id.substring(0, hash), id.substring(hash + 1));
        }
    }

    /** A row's batch as a GET answered it (maybe shared); or why there is none, and whether that is the row's verdict. */
    private record Look(JsonNode body, String state, JsonNode row, VendorCall call, VendorError error, boolean verdict) {}

    /** A batch's last readable answer, and the lock that makes rows asking at once wait for the one GET in flight. */
    private static final class Shared extends ReentrantLock {
        volatile Seen seen;
    }

    private record Seen(JsonNode body, VendorCall call, long atNanos, boolean done) {}

    private final GeminiInputs inputs = new GeminiInputs();
    private final BatchWindow window;
    private final Map<String, Shared> shared = new ConcurrentHashMap<>();
    /** Rows of each batch this process sent and has not given up on: a batch is cancelled only when none is left. */
    private final Map<String, Set<String>> wanted = new ConcurrentHashMap<>();

    private GeminiBatchAdapter(VendorSpec.Wiring wiring, BatchWindow.Limits limits) {
        super(wiring, GeminiAdapter.ERRORS, GeminiAdapter.auth(wiring));
        this.window = new BatchWindow(limits, wiring.requestTimeout(), createUrl(), this::send);
    }

    @Override
    public PollPacing pacing() {
        return PACING;
    }

    /** Paid call, batched: fetches the inputs, then waits in the window for the batch this row joins to be sent. */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        try {
            NotSent.unlessServed(SPEC, request);
            if (attemptId == null || attemptId.isBlank() || attemptId.contains("#"))
                throw new NotSent(INVALID_REQUEST, "bad_key", "attempt id '" + attemptId + "' cannot be a batch row key");
            ObjectNode row = Json.object();
            row.set("request", GeminiAdapter.request(request, inputs));
            row.putObject("metadata").put("key", attemptId);
            long bytes = Json.write(row).length();
            if (bytes > GeminiInputs.MAX_REQUEST_BYTES - 4096)
                throw new NotSent(INVALID_REQUEST, "too_large", "the row's inline request is " + bytes
                        + " bytes; a Gemini batch takes at most " + GeminiInputs.MAX_REQUEST_BYTES + " inline");
            return window.join(attemptId, row, bytes);
        } catch (NotSent notSent) {
            return notSent.refused(createUrl());
        }
    }

    /** One closed window as one {@code batchGenerateContent}: Accepted carries the batch's name. */
    private SubmitOutcome send(List<BatchWindow.Row> rows) {
        ObjectNode body = Json.object();
        ObjectNode batch = body.putObject("batch");
        // Our first row's key names the batch, so it can be recognised in Google's console and lists.
        batch.put("displayName", "retouch-" + rows.getFirst().key());
        ArrayNode requests = batch.putObject("inputConfig").putObject("requests").putArray("requests");
        rows.forEach(row -> requests.add(row.request()));
        HttpReply reply = exchange("submit", "POST", createUrl(), Json.write(body));
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from Gemini, the batch of " + rows.size() + " row(s) may have been created: "
                    + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) {
            VendorError error = errors.of(reply);
            return new SubmitOutcome.Refused(error, reply.call(error));
        }
        JsonNode answer = Json.object(reply.body());
        String name = answer == null ? null : Json.text(answer, "name");
        if (name == null && answer != null) name = Json.text(answer.path("metadata"), "name");
        if (name == null || !BATCH.matcher(name).matches()) {
            String reason = "Gemini answered HTTP " + reply.status() + " without a readable batch name, the batch of "
                    + rows.size() + " row(s) may have been created: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        Set<String> keys = ConcurrentHashMap.newKeySet();
        rows.forEach(row -> keys.add(row.key()));
        wanted.put(name, keys);
        return new SubmitOutcome.Accepted(name, reply.call(null, name + " with " + rows.size() + " row(s)"));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        Look look = look(vendorRequestId, "poll");
        if (look.error() != null) return look.verdict() ? new PollOutcome.Failed(look.error(), look.call())
                : new PollOutcome.Unavailable(look.error(), look.call());
        return switch (look.state()) {
            case "PENDING" -> new PollOutcome.Queued(look.call());
            case "RUNNING" -> new PollOutcome.Running(look.call());
            case "SUCCEEDED" -> new PollOutcome.Finished(look.call());
            // Rows that ran before a batch stopped keep their results: such a row is finished.
            case "FAILED", "EXPIRED", "CANCELLED" -> look.row() != null && look.row().path("response").isObject()
                    ? new PollOutcome.Finished(look.call()) : new PollOutcome.Failed(rowFailure(look), look.call());
            default -> new PollOutcome.Unavailable(ErrorTable.retryable(look.state().isEmpty()
                    ? "Gemini answered a batch without a state"
                    : "Gemini answered an unknown batch state '" + look.state() + "'"), look.call());
        };
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        Look look = look(vendorRequestId, "collect");
        if (look.error() != null) return look.verdict() ? new CollectOutcome.Failed(look.error(), look.call())
                : new CollectOutcome.Unavailable(look.error(), look.call());
        if (look.row() == null && !ENDED.contains(look.state())) {
            // Only a batch that surely ended is a verdict; a missing, unspecified or new state word is not.
            VendorError error = VendorError.of(RETRYABLE, "BATCH_STATE_" + look.state(), "the batch has not finished yet"
                    + " (or its state could not be read); its rows' results come when it has");
            return new CollectOutcome.Unavailable(error, look.call());
        }
        List<OutputRef> image = look.row() == null ? List.of() : GeminiAdapter.image(look.row().path("response"));
        if (!image.isEmpty()) return new CollectOutcome.Outputs(image, look.call());
        return new CollectOutcome.Failed(rowFailure(look), look.call());
    }

    /** Why a row has no image: its own error or answer, else the batch's end (finished without it, or stopped). */
    private static VendorError rowFailure(Look look) {
        JsonNode row = look.row();
        if (row != null && row.path("error").isObject()) return rowError(row.path("error"));
        if (row != null) return GeminiAdapter.withoutImage(row.path("response"));
        if (look.state().equals("SUCCEEDED"))
            return VendorError.of(VENDOR_TASK_FAILED, "ROW_MISSING", "the finished batch has no result for this row");
        String message = Json.text(look.body().path("error"), "message");
        return VendorError.of(VENDOR_TASK_FAILED, "BATCH_STATE_" + look.state(), message != null ? HttpReply.brief(message)
                : "the batch ended " + look.state() + " without a result for this row");
    }

    /**
     * A row's {@code error} (a {@code google.rpc.Status}), its code an HTTP status (as vendors.md shows it) or a
     * gRPC number. The batch already ran the row, so this is its verdict: only a bad argument is ours.
     */
    static VendorError rowError(JsonNode error) {
        String status = Json.text(error, "status");
        JsonNode code = error.path("code");
        if (status == null && code.isIntegralNumber()) {
            int number = code.asInt();
            status = number >= 100 ? HTTP.getOrDefault(number, String.valueOf(number))
                    : number >= 0 && number < GRPC.size() ? GRPC.get(number) : "UNKNOWN";
        }
        if (status == null) status = "UNKNOWN";
        String message = Json.text(error, "message");
        return VendorError.of(status.equals("INVALID_ARGUMENT") ? INVALID_REQUEST : VENDOR_TASK_FAILED, status,
                message == null ? "Gemini Batch reported an error for this row" : HttpReply.brief(message));
    }

    /**
     * The row's batch: its shared answer while fresh (recorded as {@code CACHED}, so the audit trail
     * shows no call that was not made), else one GET, shared when readable. Failed calls are never reused.
     */
    private Look look(String vendorRequestId, String operation) {
        RowId id = RowId.parse(vendorRequestId);
        if (id == null) {
            String message = "not a Gemini batch row id (batches/<id>#<key>): " + vendorRequestId;
            return new Look(null, "", null, local(operation, vendorRequestId, message),
                    VendorError.of(VENDOR_TASK_FAILED, "bad_id", message), true);
        }
        Shared batch = shared.computeIfAbsent(id.batch(), name -> new Shared());
        batch.lock();
        try {
            long now = System.nanoTime();
            Seen seen = batch.seen;
            if (seen != null && now - seen.atNanos() < (seen.done() ? FRESH_DONE : FRESH).toNanos()) {
                VendorCall c = seen.call();
                return look(seen.body(), id.key(), new VendorCall(c.operation(), "CACHED", c.url(), c.status(), 0,
                        c.vendorCode(), "answer of a GET " + (now - seen.atNanos()) / 1_000_000
                        + " ms ago, shared by the rows of " + id.batch()));
            }
            HttpReply reply = exchange(operation, "GET", wiring.url("/v1beta/" + id.batch()), null);
            JsonNode body = reply.ok() ? Json.object(reply.body()) : null;
            if (body == null) {
                VendorError error = reply.ok() ? ErrorTable.retryable("Gemini answered a malformed batch: " + reply.body())
                        : errors.of(reply);
                // Key and billing trouble, 429, 5xx and transport failures leave a paid row alone.
                boolean verdict = errors.isTaskVerdict(reply) && error.errorClass() != UNAUTHORIZED
                        && error.errorClass() != OUT_OF_CREDIT;
                return new Look(null, "", null, reply.call(error), error, verdict);
            }
            batch.seen = new Seen(body, reply.call(state(body), null), now, body.path("done").asBoolean(false));
            // Forget batches whose answer is older than any reuse, or whose last call failed.
            shared.values().removeIf(other -> !other.isLocked()
                    && (other.seen == null || now - other.seen.atNanos() > FRESH_DONE.toNanos()));
            return look(body, id.key(), batch.seen.call());
        } finally {
            batch.unlock();
        }
    }

    /** A readable batch answer, as the row with {@code key} sees it. */
    private static Look look(JsonNode body, String key, VendorCall call) {
        String state = state(body);
        // BATCH_STATE_RUNNING is RUNNING; the SDKs' JOB_STATE_* spelling too.
        state = state == null ? "" : state.replaceFirst("^(BATCH|JOB)_STATE_", "");
        return new Look(body, state, rowOf(body, key), call, null, false);
    }

    /** The batch's state word, from the Operation's metadata or a bare GenerateContentBatch. */
    private static String state(JsonNode body) {
        String state = Json.text(body.path("metadata"), "state");
        return state != null ? state : Json.text(body, "state");
    }

    /** The row's entry in a finished batch's inline responses, by key (under {@code response} or {@code metadata.output}). */
    private static JsonNode rowOf(JsonNode body, String key) {
        for (JsonNode output : List.of(body.path("response"), body.path("metadata").path("output"), body.path("output"))) {
            JsonNode list = output.path("inlinedResponses");
            if (list.isObject()) list = list.path("inlinedResponses");
            for (JsonNode row : list.values()) {
                String rowKey = Json.text(row.path("metadata"), "key");
                if (key.equals(rowKey != null ? rowKey : Json.text(row, "key"))) return row;
            }
        }
        return null;
    }

    /** The row is settled: it is no longer wanted, and a batch with no wanted row is forgotten. */
    @Override
    public void done(String vendorRequestId) {
        RowId id = RowId.parse(vendorRequestId);
        if (id != null) release(id);
    }

    /**
     * Cancelling a batch cancels every row in it, so it is asked for only once every row this process sent in it
     * has been given up on. Otherwise (or after a restart) nothing is sent: the row finishes, and is billed, with it.
     */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        RowId id = RowId.parse(vendorRequestId);
        if (id == null) return local("cancel", vendorRequestId, "not a Gemini batch row id (batches/<id>#<key>)");
        int left = release(id);
        if (left < 0) return local("cancel", vendorRequestId, "the rows of " + id.batch() + " are not known to this"
                + " process; not cancelled, so no other row's edit is lost");
        if (left > 0) return local("cancel", vendorRequestId, left + " other row(s) of " + id.batch()
                + " are still wanted; the batch is not cancelled");
        HttpReply reply = exchange("cancel", "POST", wiring.url("/v1beta/" + id.batch() + ":cancel"), "{}");
        return reply.ok() ? reply.call(null, "cancel requested for " + id.batch()) : reply.call(errors.of(reply));
    }

    /** Only the cancel of the last row this process still wants in its batch is a call. */
    @Override
    public boolean cancelCallsVendor(String vendorRequestId) {
        RowId id = RowId.parse(vendorRequestId);
        Set<String> rows = id == null ? null : wanted.get(id.batch());
        return rows != null && rows.size() == 1 && rows.contains(id.key());
    }

    /** Forgets a row: how many rows of its batch are still wanted, or -1 when this process does not know the batch. */
    private int release(RowId id) {
        AtomicInteger left = new AtomicInteger(-1);
        wanted.computeIfPresent(id.batch(), (batch, rows) -> {
            rows.remove(id.key());
            left.set(rows.size());
            return rows.isEmpty() ? null : rows;
        });
        return left.get();
    }

    /** Our rows travel in the batch, but finding one without its batch's name would mean reading every batch. */
    @Override
    public Lookup findByReference(String attemptId) {
        return new Lookup.Unknown("gemini-batch: a row is found through its batch's name, which an in-doubt submit"
                + " never learned");
    }

    @Override
    public void close() {
        window.close();
        super.close();
        inputs.close();
    }

    private URI createUrl() {
        return GeminiAdapter.modelUrl(wiring, "batchGenerateContent");
    }

    private VendorCall local(String operation, String id, String message) {
        return VendorCall.local(operation, wiring.url("/v1beta/") + id, null, message);
    }
}
