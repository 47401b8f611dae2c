package io.retouch.provider.kie;

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
 * kie.ai's market API for {@code nano-banana-pro} (vendors.md §5): createTask, then recordInfo
 * until {@code data.state} is {@code success} or {@code fail}. kie answers errors inside HTTP 200
 * with a business {@code code}, so every answer is judged by its envelope, not its status alone;
 * the output URLs sit in {@code data.resultJson}, a JSON string. Poll and collect are the same GET.
 */
public final class KieAdapter implements VendorAdapter {

    private final String base;
    private final VendorHttp http;
    private final Map<String, String> auth;
    private final PollPacing pacing;

    KieAdapter(URI baseUrl, String apiKey, Duration requestTimeout) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = new VendorHttp("kie.ai", requestTimeout, Secret.of("kie.ai API key", apiKey));
        this.auth = Map.of("Authorization", "Bearer " + apiKey);
        // kie advises a 2-3 s first wait; an edit takes tens of seconds, so 15 s between polls at most.
        this.pacing = new PollPacing(Duration.ofSeconds(2), Duration.ofSeconds(15), 0.1);
    }

    @Override
    public String name() {
        return "kie";
    }


    @Override
    public PollPacing pacing() {
        return pacing;
    }

    /** kie has no idempotency key or client reference, so {@code attemptId} cannot travel with the task. */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        HttpReply reply = http.exchange("submit", "POST", URI.create(base + "/api/v1/jobs/createTask"), auth,
                KieJson.createTaskBody(request));
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from kie.ai, the task may have been created: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) return refused(KieErrors.of(reply, true), reply);
        JsonNode body = Json.object(reply.body());
        int code = body == null ? -1 : KieJson.businessCode(body);
        if (code > 0 && code != 200) return refused(KieErrors.of(reply, true), reply);
        String taskId = body == null ? null : Json.text(body.path("data"), "taskId");
        if (taskId == null) {
            String reason = "kie.ai answered HTTP " + reply.status() + " without a readable taskId,"
                    + " the task may have been created: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        return new SubmitOutcome.Accepted(taskId, reply.call(code > 0 ? String.valueOf(code) : null, "taskId " + taskId));
    }

    /** kie charges nothing for a task it refused (any code but 200), nor for a request that never left. */
    private static SubmitOutcome refused(VendorError error, HttpReply reply) {
        return new SubmitOutcome.Refused(error, reply.call(error));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        Record record = recordInfo("poll", vendorRequestId);
        if (record.error != null) {
            return record.verdict ? new PollOutcome.Failed(record.error, record.call)
                    : new PollOutcome.Unavailable(record.error, record.call);
        }
        return switch (record.state) {
            case "waiting", "queuing" -> new PollOutcome.Queued(record.call);
            case "generating" -> new PollOutcome.Running(record.call);
            case "success" -> new PollOutcome.Finished(record.call);
            case "fail" -> {
                VendorError error = failure(record.envelope);
                yield new PollOutcome.Failed(error, record.reply.call(error));
            }
            default -> {
                VendorError error = retryable("kie.ai answered an unknown state '" + record.state + "'");
                yield new PollOutcome.Unavailable(error, record.reply.call(error));
            }
        };
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        Record record = recordInfo("collect", vendorRequestId);
        if (record.error != null) {
            return record.verdict ? new CollectOutcome.Failed(record.error, record.call)
                    : new CollectOutcome.Unavailable(record.error, record.call);
        }
        if (record.state.equals("fail")) {
            VendorError error = failure(record.envelope);
            return new CollectOutcome.Failed(error, record.reply.call(error));
        }
        if (!record.state.equals("success")) {
            VendorError error = retryable("kie.ai has not finished the task yet (state '" + record.state + "')");
            return new CollectOutcome.Unavailable(error, record.reply.call(error));
        }
        List<OutputRef> outputs = KieJson.resultUrls(record.envelope);
        if (outputs == null) {
            // A paid result must not be written off over one unreadable answer: ask again.
            VendorError error = retryable("kie.ai reported success with an unreadable resultJson: "
                    + record.envelope.path("data").path("resultJson"));
            return new CollectOutcome.Unavailable(error, record.reply.call(error));
        }
        if (outputs.isEmpty()) {
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "no_images",
                    "kie.ai reported success without any resultUrls");
            return new CollectOutcome.Failed(error, record.reply.call(error));
        }
        return new CollectOutcome.Outputs(outputs, record.reply.call("success", outputs.size() + " image(s)"));
    }

    /** kie.ai offers no way to cancel a task: nothing is sent, the task runs (and is billed) to its end. */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        return VendorCall.local("cancel", "kie:" + vendorRequestId, null,
                "kie.ai has no cancel endpoint; the task runs to its end");
    }

    @Override
    public void close() {
        http.close();
    }

    /** One recordInfo answer: a readable state, or the error and whether it is a verdict on the task. */
    private record Record(HttpReply reply, JsonNode envelope, String state, VendorError error, boolean verdict,
                          VendorCall call) {
    }

    private Record recordInfo(String operation, String taskId) {
        if (taskId == null || taskId.isBlank()) throw new IllegalArgumentException("kie.ai task id is empty");
        URI url = URI.create(base + "/api/v1/jobs/recordInfo?taskId="
                + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
        HttpReply reply = http.exchange(operation, "GET", url, auth, null);
        JsonNode body = reply.ok() ? Json.object(reply.body()) : null;
        int code = body == null ? -1 : KieJson.businessCode(body);
        if (!reply.ok() || (code > 0 && code != 200)) {
            VendorError error = KieErrors.of(reply, false);
            return new Record(reply, body, null, error, KieErrors.isTaskVerdict(reply, error), reply.call(error));
        }
        String state = body == null ? null : KieJson.state(body);
        if (state == null) {
            VendorError error = retryable("kie.ai answered a record without a readable state: " + reply.body());
            return new Record(reply, body, null, error, false, reply.call(error));
        }
        return new Record(reply, body, state, null, false, reply.call(state, null));
    }

    private static VendorError failure(JsonNode envelope) {
        JsonNode data = envelope.path("data");
        return KieErrors.taskFailed(Json.code(data, "failCode"), Json.text(data, "failMsg"));
    }

    private static VendorError retryable(String message) {
        return VendorError.of(ErrorClass.RETRYABLE, null, HttpReply.brief(message));
    }
}
