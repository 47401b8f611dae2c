package io.retouch.provider.mulerun;

import io.retouch.provider.Capabilities;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * MuleRun's async task API for {@code google/nano-banana-pro/edit} (vendors.md §2): POST creates a
 * task (202 {@code {task_info{id,status}}}); one GET on the task both polls and collects. A failed
 * task is an HTTP 200 with {@code status: failed} and an error object; both status vocabularies
 * MuleRun uses are read. Each operation makes at most one HTTP exchange; cancel makes none, since
 * MuleRun documents no cancel endpoint.
 */
public final class MuleRunAdapter implements VendorAdapter {

    static final String EDIT_PATH = "/vendors/google/v1/nano-banana-pro/edit";

    private final String editUrl;
    private final VendorHttp http;
    private final Map<String, String> auth;
    private final PollPacing pacing;

    public MuleRunAdapter(URI baseUrl, String apiKey, Duration requestTimeout) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.editUrl = base + EDIT_PATH;
        // Checked before any use, without echoing the value.
        Secret secret = Secret.of("MuleRun API key", apiKey);
        this.http = new VendorHttp("MuleRun", requestTimeout, secret);
        this.auth = Map.of("Authorization", "Bearer " + secret.value());
        // MuleRun's own CLI polls every 20 s; fitted to the task's age within 2 s .. 20 s.
        this.pacing = new PollPacing(Duration.ofSeconds(2), Duration.ofSeconds(20), 0.1);
    }

    @Override
    public String name() {
        return MuleRunVendor.NAME;
    }


    @Override
    public PollPacing pacing() {
        return pacing;
    }

    /**
     * MuleRun has no idempotency key nor client reference, so {@code attemptId} cannot travel. A
     * request MuleRun cannot serve (4K, auto, another format, several images) is refused here
     * without a call: MuleRun's body has no field for it, and dropping it silently would pay for
     * the wrong edit.
     */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        String refusal = MuleRunCapabilities.NANO_BANANA_PRO_EDIT.refusal(request);
        if (refusal != null) {
            VendorError error = VendorError.of(ErrorClass.INVALID_REQUEST, "not_sent", "MuleRun cannot serve this edit: "
                    + refusal);
            return new SubmitOutcome.Refused(error,
                    VendorCall.local("submit", editUrl, error.vendorCode(), error.message()));
        }
        HttpReply reply = http.exchange("submit", "POST", URI.create(editUrl), auth, MuleRunJson.submitBody(request));
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from MuleRun, the task may have been created: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) {
            VendorError error = MuleRunErrors.of(reply);
            return new SubmitOutcome.Refused(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        String taskId = body == null ? null : MuleRunJson.taskId(body);
        if (taskId == null) {
            String reason = "MuleRun answered HTTP " + reply.status() + " without a readable task id,"
                    + " the task may have been created: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        return new SubmitOutcome.Accepted(taskId, reply.call(MuleRunJson.statusWord(body), "task " + taskId));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        HttpReply reply = http.exchange("status", "GET", taskUrl(vendorRequestId), auth, null);
        if (!reply.ok()) {
            VendorError error = MuleRunErrors.of(reply);
            return MuleRunErrors.isTaskVerdict(reply)
                    ? new PollOutcome.Failed(error, reply.call(error))
                    : new PollOutcome.Unavailable(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        if (body == null) return unavailablePoll(reply, "MuleRun answered a malformed task body: " + reply.body());
        String word = MuleRunJson.statusWord(body);
        VendorCall call = reply.call(word, null);
        return switch (MuleRunStatus.of(word)) {
            case QUEUED -> new PollOutcome.Queued(call);
            case RUNNING -> new PollOutcome.Running(call);
            case DONE -> new PollOutcome.Finished(call);
            case FAILED -> {
                VendorError error = MuleRunErrors.taskFailed(MuleRunJson.taskError(body));
                yield new PollOutcome.Failed(error, reply.call(error));
            }
            case UNKNOWN -> unavailablePoll(reply, word == null ? "MuleRun answered a task body without a status"
                    : "MuleRun answered an unknown status '" + word + "'");
        };
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        HttpReply reply = http.exchange("result", "GET", taskUrl(vendorRequestId), auth, null);
        if (!reply.ok()) {
            VendorError error = MuleRunErrors.of(reply);
            return MuleRunErrors.isTaskVerdict(reply)
                    ? new CollectOutcome.Failed(error, reply.call(error))
                    : new CollectOutcome.Unavailable(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        if (body == null) return unavailableCollect(reply, "MuleRun answered a malformed task body: " + reply.body());
        String word = MuleRunJson.statusWord(body);
        MuleRunStatus status = MuleRunStatus.of(word);
        if (status == MuleRunStatus.FAILED) {
            VendorError error = MuleRunErrors.taskFailed(MuleRunJson.taskError(body));
            return new CollectOutcome.Failed(error, reply.call(error));
        }
        List<OutputRef> outputs = MuleRunJson.images(body);
        // A body with images but no status word is still a result; one still in flight is not yet.
        if (status == MuleRunStatus.QUEUED || status == MuleRunStatus.RUNNING)
            return unavailableCollect(reply, "MuleRun has not finished the task yet (status '" + word + "')");
        if (status == MuleRunStatus.UNKNOWN && outputs.isEmpty())
            return unavailableCollect(reply, word == null ? "MuleRun answered a task body without a status"
                    : "MuleRun answered an unknown status '" + word + "'");
        if (outputs.isEmpty()) {
            // The model can answer with text only (its description says why) instead of an image.
            String description = Json.text(body, "description");
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "no_images",
                    "MuleRun finished the task without images" + (description == null ? "" : ": " + description));
            return new CollectOutcome.Failed(error, reply.call(error));
        }
        return new CollectOutcome.Outputs(outputs, reply.call(word, outputs.size() + " image(s)"));
    }

    /** MuleRun documents no cancel endpoint: nothing is sent, the task runs to its end (and is paid). */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        return VendorCall.local("cancel", taskUrl(vendorRequestId).toString(), "no_cancel_endpoint",
                "MuleRun has no cancel endpoint; the task was left to run to its end");
    }

    @Override
    public void close() {
        http.close();
    }

    URI taskUrl(String taskId) {
        if (taskId == null || taskId.isBlank()) throw new IllegalArgumentException("MuleRun task id is empty");
        // MuleRun's ids are UUIDs; encoding keeps a corrupted stored id from escaping its path segment.
        return URI.create(editUrl + "/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20"));
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
