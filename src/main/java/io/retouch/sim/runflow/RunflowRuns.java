package io.retouch.sim.runflow;

import io.retouch.sim.EditParams;
import io.retouch.sim.Outcome;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimRequest;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runflow's run object (vendors.md §3.3) for a simulated request: {@code status_code} in Runflow's
 * words ({@code queued → running → succeeded | failed | canceled}), failures with
 * {@code failure_code}/{@code failure_message}/{@code failure_stage_code}, and the output both as
 * {@code image_urls[]} (the callback example) and as normalized {@code outputs[]} entries, since
 * which one the API returns is not pinned down.
 */
final class RunflowRuns {

    /** Runflow's failure code for a safety block (our choice; docs/vendors/runflow.md). */
    static final String CONTENT_BLOCKED_CODE = "CONTENT_POLICY_VIOLATION";
    static final String TASK_FAILED_CODE = "PROVIDER_ERROR";

    /** Runflow's timestamps use {@code +00:00}, never {@code Z}. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private final String runsBaseUrl;
    private final SimIntake intake;

    RunflowRuns(String runsBaseUrl, SimIntake intake) {
        this.runsBaseUrl = runsBaseUrl;
        this.intake = intake;
    }

    /** The run as {@code GET /v1/runs/{id}} shows it now. */
    Map<String, Object> current(SimRequest request) throws IOException, InterruptedException {
        return render(request, request.phaseAt(intake.now()));
    }

    /** The run as the create call answers it: just queued. */
    Map<String, Object> created(SimRequest request) throws IOException, InterruptedException {
        return render(request, SimRequest.Phase.IN_QUEUE);
    }

    static String statusCode(SimRequest request, SimRequest.Phase phase) {
        return switch (phase) {
            case IN_QUEUE -> "queued";
            case IN_PROGRESS -> "running";
            case CANCELLED -> "canceled";
            case COMPLETED -> request.producesImages() ? "succeeded" : "failed";
        };
    }

    private Map<String, Object> render(SimRequest request, SimRequest.Phase phase)
            throws IOException, InterruptedException {
        String status = statusCode(request, phase);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", request.id());
        run.put("object", "run");
        run.put("model_id", RunflowWords.MODEL_ID);
        run.put("status_code", status);
        run.put("input", input(request.params()));
        run.put("output", status.equals("succeeded") ? output(request) : null);
        boolean started = phase == SimRequest.Phase.IN_PROGRESS || phase == SimRequest.Phase.COMPLETED
                || (phase == SimRequest.Phase.CANCELLED && request.cancelledAt() >= request.startAt());
        Long completedAt = phase == SimRequest.Phase.COMPLETED ? Long.valueOf(request.finishAt())
                : phase == SimRequest.Phase.CANCELLED ? request.cancelledAt() : null;
        run.put("duration_ms", completedAt == null || !started ? null : completedAt - request.startAt());
        run.put("cost", status.equals("succeeded") ? 0.15 * request.params().numImages() : 0);
        boolean failed = status.equals("failed");
        boolean blocked = request.outcome() == Outcome.CONTENT_BLOCKED;
        run.put("failure_code", !failed ? null : blocked ? CONTENT_BLOCKED_CODE : TASK_FAILED_CODE);
        run.put("failure_message", !failed ? null : blocked
                ? "The request was blocked by the provider's content policy."
                : "The model provider failed to process the request.");
        run.put("failure_stage_code", failed ? "inference" : null);
        run.put("created_at", time(request.submittedAt()));
        run.put("started_at", started ? time(request.startAt()) : null);
        run.put("completed_at", completedAt == null ? null : time(completedAt));
        run.put("callback_url", null);
        run.put("metadata", Map.of());
        run.put("client_ref", request.clientRef());
        run.put("request_id", "req_" + request.id().replace("-", "").substring(0, 16));
        run.put("links", Map.of("self", runsBaseUrl + "/" + request.id()));
        return run;
    }

    private static Map<String, Object> input(EditParams params) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", params.prompt());
        input.put("image_urls", params.imageUrls());
        input.put("aspect_ratio", params.aspectRatio());
        input.put("resolution", params.resolution());
        input.put("num_images", params.numImages());
        input.put("output_format", params.outputFormat());
        if (params.seed() != null) input.put("seed", params.seed());
        return input;
    }

    private Map<String, Object> output(SimRequest request) throws IOException, InterruptedException {
        List<String> urls = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        List<OutputRenderer.OutputFile> files = intake.outputs(request);
        for (int n = 0; n < files.size(); n++) {
            OutputRenderer.OutputFile file = files.get(n);
            String url = intake.fileUrl(request, n);
            urls.add(url);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", "image");
            entry.put("url", url);
            entry.put("content_type", file.contentType());
            entry.put("width", file.width());
            entry.put("height", file.height());
            entries.add(entry);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("image_urls", urls);
        output.put("outputs", entries);
        return output;
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
