package io.retouch.provider.runflow;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.Lookup;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.Secret;
import io.retouch.provider.http.VendorHttp;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runflow's documented async runs API for {@code google/nano-banana-pro/edit} (vendors.md §3.3,
 * "Surface A"): create a run, poll {@code GET /v1/runs/{id}} until a terminal status, read the
 * output from the same run object. Our attempt id travels as {@code client_ref}, which is what
 * lets {@link #findByReference} settle an in-doubt submit without paying twice.
 */
public final class RunflowAdapter implements VendorAdapter {

    /** Creating a run only enqueues it (Runflow fetches the inputs later), so answers come quickly. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final RunflowEndpoints endpoints;
    private final VendorHttp http;
    private final Map<String, String> auth;
    // Runflow publishes no polling guidance; runs take tens of seconds, so 1 s is plenty fine.
    private final PollPacing pacing = new PollPacing(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.1);

    RunflowAdapter(URI baseUrl, String apiKey, Duration requestTimeout) {
        Secret secret = Secret.of("Runflow API key", apiKey);
        this.endpoints = new RunflowEndpoints(baseUrl);
        this.http = new VendorHttp("runflow", requestTimeout, secret);
        this.auth = Map.of("Authorization", "Bearer " + secret.value());
    }

    @Override
    public String name() {
        return "runflow";
    }


    @Override
    public PollPacing pacing() {
        return pacing;
    }

    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        HttpReply reply = exchange(RunflowOperation.SUBMIT, endpoints.submit(), RunflowJson.submitBody(request, attemptId));
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from Runflow, the run may have been created: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (reply.answered() && reply.status() == 409) {
            // Undocumented for create-run; the likeliest meaning is that a run with this client_ref
            // already exists — a paid run. Leave it in doubt so the lookup settles it.
            VendorError error = RunflowErrors.of(reply);
            String reason = "Runflow answered 409 Conflict, a run for this client_ref may already exist: " + error;
            return new SubmitOutcome.Unknown(reason, reply.call(error.vendorCode(), reason));
        }
        if (!reply.ok()) {
            // A refused create (4xx, 429, 5xx) starts no run and costs nothing, nor does one that never left.
            VendorError error = RunflowErrors.of(reply);
            return new SubmitOutcome.Refused(error, reply.call(error));
        }
        JsonNode run = Json.object(reply.body());
        String runId = run == null ? null : Json.code(run, "id");
        if (runId == null) {
            String reason = "Runflow answered HTTP " + reply.status() + " without a readable run id,"
                    + " the run may have been created: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        return new SubmitOutcome.Accepted(runId, reply.call(RunflowJson.status(run), "run " + runId));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        HttpReply reply = exchange(RunflowOperation.STATUS, endpoints.run(vendorRequestId), null);
        if (!reply.ok()) {
            VendorError error = RunflowErrors.of(reply);
            return RunflowErrors.isTaskVerdict(reply)
                    ? new PollOutcome.Failed(error, reply.call(error))
                    : new PollOutcome.Unavailable(error, reply.call(error));
        }
        JsonNode run = Json.object(reply.body());
        String status = run == null ? null : RunflowJson.status(run);
        if (status == null) return unavailablePoll(reply, "Runflow answered a malformed run body: " + reply.body());
        VendorCall call = reply.call(status, null);
        return switch (status) {
            case "queued", "dispatching" -> new PollOutcome.Queued(call);
            case "running" -> new PollOutcome.Running(call);
            case "succeeded", "partial_succeeded" -> new PollOutcome.Finished(call);
            case "failed", "canceled", "cancelled" -> {
                VendorError error = RunflowErrors.ofRun(run, status);
                yield new PollOutcome.Failed(error, reply.call(error));
            }
            default -> unavailablePoll(reply, "Runflow answered an unknown status '" + status + "'");
        };
    }

    /** Runflow has no separate result endpoint: the finished run object carries the output. */
    @Override
    public CollectOutcome collect(String vendorRequestId) {
        HttpReply reply = exchange(RunflowOperation.RESULT, endpoints.run(vendorRequestId), null);
        if (!reply.ok()) {
            VendorError error = RunflowErrors.of(reply);
            return RunflowErrors.isTaskVerdict(reply)
                    ? new CollectOutcome.Failed(error, reply.call(error))
                    : new CollectOutcome.Unavailable(error, reply.call(error));
        }
        JsonNode run = Json.object(reply.body());
        String status = run == null ? null : RunflowJson.status(run);
        if (status == null) return unavailableCollect(reply, "Runflow answered a malformed run body: " + reply.body());
        switch (status) {
            case "succeeded", "partial_succeeded" -> {
                List<OutputRef> outputs = RunflowJson.images(run);
                if (outputs.isEmpty()) {
                    VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "no_images",
                            "Runflow run " + status + " without an image in its output");
                    return new CollectOutcome.Failed(error, reply.call(error));
                }
                return new CollectOutcome.Outputs(outputs, reply.call(status, outputs.size() + " image(s)"));
            }
            case "failed", "canceled", "cancelled" -> {
                VendorError error = RunflowErrors.ofRun(run, status);
                return new CollectOutcome.Failed(error, reply.call(error));
            }
            default -> {
                return unavailableCollect(reply, "Runflow run is '" + status + "', not finished yet");
            }
        }
    }

    /** Best effort; {@code POST /v1/runs/{id}/cancel} is assumed (vendors.md §3.3: cancel endpoint [U]). */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        HttpReply reply = exchange(RunflowOperation.CANCEL, endpoints.cancel(vendorRequestId), null);
        if (!reply.ok()) return reply.call(RunflowErrors.of(reply));
        JsonNode run = Json.object(reply.body());
        return reply.call(run == null ? null : RunflowJson.status(run), null);
    }

    /**
     * ASSUMED endpoint {@code GET /v1/runs?client_ref=…} answering {@code {"data":[run…]}}. Read
     * defensively: only a run carrying our exact {@code client_ref} counts as found, and only an
     * empty list as absent. Runs that do not carry our reference mean the filter was ignored —
     * ours may be on another page — so the answer is unknown, never absent.
     */
    @Override
    public Lookup findByReference(String attemptId) {
        HttpReply reply = exchange(RunflowOperation.LOOKUP, endpoints.byClientRef(attemptId), null);
        if (!reply.ok()) return new Lookup.Unknown("Runflow lookup by client_ref failed: " + RunflowErrors.of(reply));
        JsonNode body = Json.object(reply.body());
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isArray())
            return new Lookup.Unknown("Runflow answered the lookup without a data list: " + HttpReply.brief(reply.body()));
        if (data.isEmpty()) return new Lookup.Absent();
        for (JsonNode run : data.values()) {
            String id = Json.code(run, "id");
            if (id != null && attemptId.equals(Json.text(run, "client_ref"))) return new Lookup.Found(id);
        }
        return new Lookup.Unknown("Runflow listed " + data.size() + " run(s), none carrying client_ref " + attemptId
                + "; the filter may not be supported");
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpReply exchange(RunflowOperation operation, URI url, String jsonBody) {
        return http.exchange(operation.label, operation.method, url, auth, jsonBody);
    }

    private static PollOutcome unavailablePoll(HttpReply reply, String message) {
        VendorError error = retryable(message);
        return new PollOutcome.Unavailable(error, reply.call(error));
    }

    private static CollectOutcome unavailableCollect(HttpReply reply, String message) {
        VendorError error = retryable(message);
        return new CollectOutcome.Unavailable(error, reply.call(error));
    }

    private static VendorError retryable(String message) {
        return VendorError.of(ErrorClass.RETRYABLE, null, HttpReply.brief(message));
    }
}
