package io.retouch.provider.sinancode;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SinanCode's Nano Banana Pro (vendors.md §4): {@code POST /v1/generate/k/nano-banana-pro}, then
 * {@code GET /v1/tasks/{id}} until {@code completed} or {@code failed}; poll and collect are the same
 * GET. Not the seed page's {@code /v1/generate/k/nano-banana-edit}: that is the original Nano Banana
 * (Gemini 2.5 Flash Image), a different and cheaper model with no resolution field.
 */
public final class SinanCodeAdapter implements VendorAdapter {

    private final String base;
    private final VendorHttp http;
    private final Map<String, String> auth;
    private final PollPacing pacing;

    SinanCodeAdapter(URI baseUrl, String apiKey, Duration requestTimeout) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = new VendorHttp("SinanCode", requestTimeout, Secret.of("SinanCode API key", apiKey));
        this.auth = Map.of("Authorization", "Bearer " + apiKey);
        // It relays kie.ai: the same 2 s first wait and 15 s ceiling.
        this.pacing = new PollPacing(Duration.ofSeconds(2), Duration.ofSeconds(15), 0.1);
    }

    @Override
    public String name() {
        return "sinancode";
    }


    @Override
    public PollPacing pacing() {
        return pacing;
    }

    /** SinanCode has no idempotency key or client reference, so {@code attemptId} cannot travel with the task. */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        HttpReply reply = http.exchange("submit", "POST", URI.create(base + "/v1/generate/k/nano-banana-pro"), auth,
                SinanCodeJson.submitBody(request));
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from SinanCode, the task may have been created: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) {
            VendorError error = SinanCodeErrors.of(reply, true);
            return new SubmitOutcome.Refused(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        String taskId = body == null ? null : Json.code(body, "task_id");
        if (taskId == null) {
            String reason = "SinanCode answered HTTP " + reply.status() + " without a readable task_id,"
                    + " the task may have been created: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        return new SubmitOutcome.Accepted(taskId, reply.call(null, "task_id " + taskId));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        Task task = task("poll", vendorRequestId);
        if (task.error != null) {
            return task.verdict ? new PollOutcome.Failed(task.error, task.call)
                    : new PollOutcome.Unavailable(task.error, task.call);
        }
        return switch (task.status) {
            case "pending" -> new PollOutcome.Queued(task.call);
            case "processing" -> new PollOutcome.Running(task.call);
            case "completed" -> new PollOutcome.Finished(task.call);
            case "failed" -> {
                VendorError error = failure(task.body);
                yield new PollOutcome.Failed(error, task.reply.call(error));
            }
            default -> {
                VendorError error = retryable("SinanCode answered an unknown status '" + task.status + "'");
                yield new PollOutcome.Unavailable(error, task.reply.call(error));
            }
        };
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        Task task = task("collect", vendorRequestId);
        if (task.error != null) {
            return task.verdict ? new CollectOutcome.Failed(task.error, task.call)
                    : new CollectOutcome.Unavailable(task.error, task.call);
        }
        if (task.status.equals("failed")) {
            VendorError error = failure(task.body);
            return new CollectOutcome.Failed(error, task.reply.call(error));
        }
        if (!task.status.equals("completed")) {
            VendorError error = retryable("SinanCode has not finished the task yet (status '" + task.status + "')");
            return new CollectOutcome.Unavailable(error, task.reply.call(error));
        }
        List<OutputRef> outputs = SinanCodeJson.results(task.body);
        if (outputs.isEmpty()) {
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "no_images",
                    "SinanCode completed the task without a result URL");
            return new CollectOutcome.Failed(error, task.reply.call(error));
        }
        return new CollectOutcome.Outputs(outputs, task.reply.call("completed", outputs.size() + " image(s)"));
    }

    /** SinanCode documents no cancel endpoint: nothing is sent, the task runs (and is billed) to its end. */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        return VendorCall.local("cancel", "sinancode:" + vendorRequestId, null,
                "SinanCode has no cancel endpoint; the task runs to its end");
    }

    @Override
    public void close() {
        http.close();
    }

    /** One task answer: a readable status, or the error and whether it is a verdict on the task. */
    private record Task(HttpReply reply, JsonNode body, String status, VendorError error, boolean verdict,
                        VendorCall call) {
    }

    private Task task(String operation, String taskId) {
        if (taskId == null || taskId.isBlank()) throw new IllegalArgumentException("SinanCode task id is empty");
        // Encoded so a corrupted stored id cannot escape its path segment.
        URI url = URI.create(base + "/v1/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20"));
        HttpReply reply = http.exchange(operation, "GET", url, auth, null);
        if (!reply.ok()) {
            VendorError error = SinanCodeErrors.of(reply, false);
            return new Task(reply, null, null, error, SinanCodeErrors.isTaskVerdict(reply), reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        String status = body == null ? null : SinanCodeJson.status(body);
        if (status == null) {
            VendorError error = retryable("SinanCode answered a task without a readable status: " + reply.body());
            return new Task(reply, body, null, error, false, reply.call(error));
        }
        return new Task(reply, body, status, null, false, reply.call(status, null));
    }

    private static VendorError failure(JsonNode task) {
        return SinanCodeErrors.taskFailed(Json.code(task, "error_code"), Json.text(task, "error_msg"));
    }

    private static VendorError retryable(String message) {
        return VendorError.of(ErrorClass.RETRYABLE, null, HttpReply.brief(message));
    }
}
