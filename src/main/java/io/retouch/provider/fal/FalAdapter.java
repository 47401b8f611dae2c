package io.retouch.provider.fal;

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
import java.util.Map;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * fal.ai's queue API for {@code fal-ai/nano-banana-pro/edit} (vendors.md §1). fal has no failed
 * status: a request that failed reports {@code COMPLETED} and its result GET answers the error, so
 * collect is where failures show up.
 */
public final class FalAdapter implements VendorAdapter, AutoCloseable {

    /** What fal's Nano Banana Pro edit accepts; known without credentials, for ingest-time checks. */
    public static final Capabilities CAPABILITIES = FalCapabilities.NANO_BANANA_PRO_EDIT;

    private final FalEndpoints endpoints;
    private final VendorHttp http;
    private final Map<String, String> auth;
    private final PollPacing pacing;

    public FalAdapter(FalSettings settings) {
        this.endpoints = new FalEndpoints(settings);
        this.http = new VendorHttp("fal", settings.requestTimeout(), Secret.of("fal API key", settings.apiKey()));
        this.auth = Map.of("Authorization", "Key " + settings.apiKey());
        // fal-js polls every 500 ms; beyond 10 s between polls a finished task waits too long to be collected.
        this.pacing = new PollPacing(settings.minPollInterval(), Duration.ofSeconds(10), 0.1);
    }

    @Override
    public String name() {
        return "fal";
    }


    @Override
    public PollPacing pacing() {
        return pacing;
    }

    /** fal has no idempotency key or client reference, so {@code attemptId} cannot travel with the request. */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        HttpReply reply = exchange(FalOperation.SUBMIT, endpoints.submit(), FalJson.submitBody(request));
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from fal, the request may have been queued: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) {
            // fal charges nothing for a refused submit (4xx, 429, 5xx), nor for one that never left.
            VendorError error = FalErrors.of(reply);
            return new SubmitOutcome.Refused(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        String requestId = body == null ? null : Json.text(body, "request_id");
        if (requestId == null) {
            String reason = "fal answered HTTP " + reply.status() + " without a readable request_id,"
                    + " the request may have been queued: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        return new SubmitOutcome.Accepted(requestId, reply.call(null, "request_id " + requestId));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        HttpReply reply = exchange(FalOperation.STATUS, endpoints.status(vendorRequestId), null);
        if (!reply.ok()) {
            VendorError error = FalErrors.of(reply);
            return FalErrors.isTaskVerdict(reply, error)
                    ? new PollOutcome.Failed(error, reply.call(error))
                    : new PollOutcome.Unavailable(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        String status = body == null ? null : Json.text(body, "status");
        if (status == null) return unavailablePoll(reply, "fal answered a malformed status body: " + reply.body());
        VendorCall call = reply.call(status, queuePosition(body));
        return switch (status) {
            case "IN_QUEUE" -> new PollOutcome.Queued(call);
            case "IN_PROGRESS" -> new PollOutcome.Running(call);
            case "COMPLETED" -> new PollOutcome.Finished(call);
            default -> unavailablePoll(reply, "fal answered an unknown status '" + status + "'");
        };
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        HttpReply reply = exchange(FalOperation.RESULT, endpoints.result(vendorRequestId), null);
        if (!reply.ok()) {
            VendorError error = FalErrors.of(reply);
            return FalErrors.isTaskVerdict(reply, error)
                    ? new CollectOutcome.Failed(error, reply.call(error))
                    : new CollectOutcome.Unavailable(error, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        if (body == null) {
            VendorError error = retryable("fal answered a malformed result body: " + reply.body());
            return new CollectOutcome.Unavailable(error, reply.call(error));
        }
        List<OutputRef> outputs = FalJson.images(body);
        if (outputs.isEmpty()) {
            // The model can answer with text only (its description says why) instead of an image.
            String description = Json.text(body, "description");
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "no_images",
                    "fal finished the request without images" + (description == null ? "" : ": " + description));
            return new CollectOutcome.Failed(error, reply.call(error));
        }
        return new CollectOutcome.Outputs(outputs, reply.call(null, outputs.size() + " image(s)"));
    }

    /** Best effort: fal answers 202 CANCELLATION_REQUESTED, or 400 ALREADY_COMPLETED / 404 NOT_FOUND. */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        HttpReply reply = exchange(FalOperation.CANCEL, endpoints.cancel(vendorRequestId), null);
        if (!reply.ok()) return reply.call(FalErrors.of(reply));
        JsonNode body = Json.object(reply.body());
        return reply.call(body == null ? null : Json.text(body, "status"), null);
    }

    /** Lets go of the HTTP client's connections and threads. */
    @Override
    public void close() {
        http.close();
    }

    private HttpReply exchange(FalOperation operation, java.net.URI url, String jsonBody) {
        return http.exchange(operation.label, operation.method, url, auth, jsonBody);
    }

    private static PollOutcome unavailablePoll(HttpReply reply, String message) {
        VendorError error = retryable(message);
        return new PollOutcome.Unavailable(error, reply.call(error));
    }

    private static VendorError retryable(String message) {
        return VendorError.of(ErrorClass.RETRYABLE, null, HttpReply.brief(message));
    }

    private static String queuePosition(JsonNode status) {
        JsonNode position = status.path("queue_position");
        return position.isIntegralNumber() ? "queue position " + position.asLong() : null;
    }
}
