package io.retouch.provider.runflow;

import static io.retouch.provider.ErrorClass.VENDOR_TASK_FAILED;

import io.retouch.provider.EditRequest;
import io.retouch.provider.Lookup;
import io.retouch.provider.OutputRef;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.TaskApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runflow's documented async runs API (vendors.md §3.3), offered as the {@code runflow-runs} vendor:
 * {@code POST /v1/models/google/nano-banana-pro/edit/runs} with the fields under {@code input} and
 * our attempt id as {@code client_ref}; {@code GET /v1/runs/{id}} until a terminal status; the output
 * in the same run object. The reference is what lets {@link #findByReference} settle an in-doubt
 * submit without paying twice. Cancel ({@code POST …/cancel}) and the lookup are assumptions
 * (docs/vendors/runflow.md).
 */
public final class RunflowRunsAdapter extends TaskApi {

    /** Creating a run only enqueues it (Runflow fetches the inputs later), so answers come quickly. */
    public static final VendorSpec SPEC = new VendorSpec("runflow-runs", "Runflow", RunflowAdapter.CAPABILITIES,
            "RUNFLOW_API_KEY", URI.create("https://api.runflow.io"), Duration.ofSeconds(30), RunflowRunsAdapter::new);

    private static final Protocol PROTOCOL = Protocol
            // Runflow publishes no polling guidance; runs take tens of seconds, so 1 s is plenty fine.
            .polled(Duration.ofSeconds(1), Duration.ofSeconds(10))
            // status_code, else status (the docs use both).
            .idAt("/id").status("/v1/runs/{id}", "/status_code", "/status").cancel("POST", "/v1/runs/{id}/cancel")
            .phases("queued dispatching", "running", "succeeded partial_succeeded", "failed canceled cancelled");

    RunflowRunsAdapter(VendorSpec.Wiring wiring) {
        super(wiring, RunflowAdapter.ERRORS, bearer(wiring), PROTOCOL);
    }

    /** No {@code callback_url}: Retouch polls. */
    @Override
    protected Call submitCall(EditRequest request, String attemptId) {
        ObjectNode body = Json.object();
        RunflowAdapter.input(request, body.putObject("input"));
        if (attemptId != null) body.put("client_ref", attemptId);
        return new Call("POST", wiring.url("/v1/models/" + RunflowAdapter.MODEL_ID + "/runs"), Json.write(body));
    }

    /**
     * A 409 is undocumented for create-run; its likeliest meaning is that a run with this client_ref
     * already exists — a paid run. It stays in doubt, like a gateway's 502/504, so the lookup settles it.
     */
    @Override
    protected boolean mayHaveWorked(HttpReply reply) {
        return reply.status() == 409 || super.mayHaveWorked(reply);
    }

    /**
     * The normalized output shape is not pinned down (vendors.md §3.3): the first non-empty of
     * {@code output.image_urls[]}, {@code output.images[].url} and {@code output.outputs[].url} —
     * never a mix, which would list one image twice. Entries typed other than image are skipped.
     */
    @Override
    protected List<OutputRef> outputs(JsonNode run) {
        for (String list : List.of("image_urls", "images", "outputs")) {
            List<JsonNode> images = run.path("output").path(list).values().stream()
                    .filter(entry -> "image".equalsIgnoreCase(Objects.requireNonNullElse(Json.text(entry, "type"), "image")))
                    .toList();
            List<OutputRef> found = Json.images(Json.MAPPER.createArrayNode().addAll(images), "url", "content_type");
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    /** A run that ended {@code failed} with its code and stage, or {@code canceled}. */
    @Override
    protected VendorError failure(JsonNode run) {
        String status = statusWord(run).strip().toLowerCase(Locale.ROOT);
        if (!status.equals("failed")) return VendorError.of(VENDOR_TASK_FAILED, status, "Runflow run was canceled");
        String stage = Json.first(run, "/failure_stage_code", "/failure_stage");
        String message = Objects.requireNonNullElse(Json.text(run, "failure_message"), "Runflow run failed");
        if (stage != null) message += " (stage " + stage + ")";
        return errors.taskFailed(Json.first(run, "/failure_code"), message);
    }

    /**
     * ASSUMED endpoint {@code GET /v1/runs?client_ref=…} answering {@code {"data":[run…]}}. Only a
     * run carrying our exact {@code client_ref} counts as found, and only an empty list as absent:
     * runs without our reference mean the filter was ignored, so the answer is unknown.
     */
    @Override
    public Lookup findByReference(String attemptId) {
        HttpReply reply = exchange("lookup", "GET", url("/v1/runs?client_ref={id}", attemptId), null);
        if (!reply.ok()) return new Lookup.Unknown("Runflow lookup by client_ref failed: " + errors.of(reply));
        JsonNode body = Json.object(reply.body());
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isArray())
            return new Lookup.Unknown("Runflow answered the lookup without a data list: " + HttpReply.brief(reply.body()));
        if (data.isEmpty()) return new Lookup.Absent();
        for (JsonNode run : data.values()) {
            String id = Json.first(run, "/id");
            if (id != null && attemptId.equals(Json.text(run, "client_ref"))) return new Lookup.Found(id);
        }
        return new Lookup.Unknown("Runflow listed " + data.size() + " run(s), none carrying client_ref " + attemptId
                + "; the filter may not be supported");
    }
}
