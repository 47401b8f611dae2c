package io.retouch.sim.runflow;

import static io.retouch.sim.BodySchema.*;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.BodySchema;
import io.retouch.sim.EditParams;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runflow's documented runs API (vendors.md §3.3) under {@code /runflow-runs}: create a run for
 * {@code google/nano-banana-pro/edit} ({@code {input, callback_url?, client_ref?}}), get a run, cancel
 * it (assumed {@code POST …/cancel}) and list runs by {@code client_ref} (assumed
 * {@code GET /v1/runs?client_ref=…}). Words, envelope and input schema as {@link RunflowWords}.
 * <p>
 * A run (vendors.md §3.3) has its {@code status_code} in Runflow's words ({@code queued → running →
 * succeeded | failed | canceled}), failures with {@code failure_code}/{@code failure_message}/{@code
 * failure_stage_code}, and the output both as {@code image_urls[]} (the callback example) and as
 * normalized {@code outputs[]} entries, since which one the API returns is not pinned down.
 */
public final class RunflowRunsProtocol extends RunflowWords {

    static final BodySchema CREATE = BodySchema.of(nested("input", true, INPUT),
            text("callback_url", false, 2_000), text("client_ref", false, 200));

    private static final Pattern RUN = Pattern.compile("/v1/runs/([^/]*)(/cancel)?");

    /** {@code status_code}, {@code failure_code}, {@code failure_message}; the block code is ours (docs/vendors/runflow.md). */
    private static final Map<Stage, StageWords> RUNS = Map.of(
            Stage.QUEUED, new StageWords("queued", null, null),
            Stage.RUNNING, new StageWords("running", null, null),
            Stage.SUCCEEDED, new StageWords("succeeded", null, null),
            Stage.CANCELLED, new StageWords("canceled", null, null),
            Stage.BLOCKED, new StageWords("failed", "CONTENT_POLICY_VIOLATION",
                    "The request was blocked by the provider's content policy."),
            Stage.FAILED, new StageWords("failed", "PROVIDER_ERROR", "The model provider failed to process the request."));

    /** Runflow's timestamps use {@code +00:00}, never {@code Z}. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private final String runsBaseUrl;

    public RunflowRunsProtocol(String simulatorBaseUrl, SimIntake intake) {
        super("runflow-runs", intake, FAULTS);
        this.runsBaseUrl = simulatorBaseUrl + path() + "/v1/runs";
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        Matcher run = RUN.matcher(path);
        String id = run.matches() ? run.group(1) : null;
        if (!bearer(exchange)) unauthorized(exchange);
        else if (path.equals("/v1/models/" + MODEL_ID + "/runs")) require(exchange, "POST", () -> create(exchange));
        else if (path.equals("/v1/runs")) require(exchange, "GET", () -> list(exchange));
        else if (id == null) error(exchange, 404, "NOT_FOUND", NOT_FOUND);
        else if (run.group(2) == null) require(exchange, "GET", () -> get(exchange, id));
        else require(exchange, "POST", () -> cancel(exchange, id));
    }

    private void create(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, CREATE, "input.image_urls", r -> params(r.nested("input")), r -> r.text("client_ref"));
        if (taken != null) accepted(exchange, taken, 201, render(taken.request(), SimRequest.Phase.IN_QUEUE));
    }

    private void get(HttpExchange exchange, String id) throws IOException, InterruptedException {
        SimRequest request = polled(exchange, id, "RUN_NOT_FOUND", "Run '" + id + "' was not found.");
        if (request != null) HttpReplies.json(exchange, 200, current(request));
    }

    private void list(HttpExchange exchange) throws IOException, InterruptedException {
        if (pollFault(exchange)) return;
        String clientRef = queryParameter(exchange, "client_ref");
        List<SimRequest> matching = intake.store().inSubmissionOrder().stream()
                .filter(r -> vendor().equals(r.vendor()))
                .filter(r -> clientRef == null || clientRef.equals(r.clientRef()))
                .toList().reversed(); // newest first
        List<Map<String, Object>> data = new ArrayList<>();
        for (SimRequest request : matching.subList(0, Math.min(50, matching.size()))) data.add(current(request));
        HttpReplies.json(exchange, 200, object("data", data, "next_pq", null, "prev_pq", null));
    }

    private void cancel(HttpExchange exchange, String id) throws IOException, InterruptedException {
        long now = intake.now();
        Optional<SimRequestStore.Cancellation> cancellation = find(id).flatMap(r -> intake.cancel(id, now));
        if (cancellation.isEmpty()) {
            error(exchange, 404, "RUN_NOT_FOUND", "Run '" + id + "' was not found.");
        } else if (cancellation.get().cancelled()) {
            HttpReplies.json(exchange, 200, current(cancellation.get().request()));
        } else {
            SimRequest request = cancellation.get().request();
            error(exchange, 409, "RUN_NOT_CANCELABLE", "Run '" + id + "' is already "
                    + RUNS.get(Stage.of(request, request.phaseAt(now))).status() + " and cannot be canceled.");
        }
    }

    /** The run as {@code GET /v1/runs/{id}} shows it now. */
    private Map<String, Object> current(SimRequest request) throws IOException, InterruptedException {
        return render(request, request.phaseAt(intake.now()));
    }

    private Map<String, Object> render(SimRequest request, SimRequest.Phase phase) throws IOException, InterruptedException {
        Stage stage = Stage.of(request, phase);
        StageWords words = RUNS.get(stage);
        boolean started = phase == SimRequest.Phase.IN_PROGRESS || phase == SimRequest.Phase.COMPLETED
                || (phase == SimRequest.Phase.CANCELLED && request.cancelledAt() >= request.startAt());
        Long completedAt = phase == SimRequest.Phase.COMPLETED ? Long.valueOf(request.finishAt())
                : phase == SimRequest.Phase.CANCELLED ? request.cancelledAt() : null;
        boolean succeeded = stage == Stage.SUCCEEDED;
        return object("id", request.id(), "object", "run", "model_id", MODEL_ID, "status_code", words.status(),
                "input", input(request.params()),
                "output", succeeded ? output(request) : null,
                "duration_ms", completedAt == null || !started ? null : completedAt - request.startAt(),
                "cost", succeeded ? 0.15 * request.params().numImages() : 0,
                "failure_code", words.code(),
                "failure_message", words.message(),
                "failure_stage_code", words.code() != null ? "inference" : null,
                "created_at", time(request.submittedAt()),
                "started_at", started ? time(request.startAt()) : null,
                "completed_at", completedAt == null ? null : time(completedAt),
                "callback_url", null,
                "metadata", Map.of(),
                "client_ref", request.clientRef(),
                "request_id", "req_" + request.id().replace("-", "").substring(0, 16),
                "links", Map.of("self", runsBaseUrl + "/" + request.id()));
    }

    private static Map<String, Object> input(EditParams params) {
        Map<String, Object> input = object("prompt", params.prompt(), "image_urls", params.imageUrls(),
                "aspect_ratio", params.aspectRatio(), "resolution", params.resolution(),
                "num_images", params.numImages(), "output_format", params.outputFormat());
        if (params.seed() != null) input.put("seed", params.seed());
        return input;
    }

    private Map<String, Object> output(SimRequest request) throws IOException, InterruptedException {
        List<String> urls = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        List<OutputRenderer.OutputFile> files = intake.renderer().outputs(request);
        for (int n = 0; n < files.size(); n++) {
            OutputRenderer.OutputFile file = files.get(n);
            urls.add(intake.fileUrl(request, n));
            entries.add(object("type", "image", "url", urls.getLast(), "content_type", file.contentType(),
                    "width", file.width(), "height", file.height()));
        }
        return object("image_urls", urls, "outputs", entries);
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
