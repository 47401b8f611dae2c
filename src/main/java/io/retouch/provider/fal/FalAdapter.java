package io.retouch.provider.fal;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.TaskApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/**
 * fal.ai's {@code fal-ai/nano-banana-pro/edit} (seed 004) through its queue, which is what the page's
 * own client samples ({@code fal_client.subscribe}, {@code fal.subscribe}) do: submit to
 * {@code {model}/edit}, then status, result and cancel under {@code {model}/requests/{id}} — without
 * the sub-path (vendors.md §1, the famous quirk). fal has no failed status: a request that failed
 * reports {@code COMPLETED} and its result GET answers the error, so collect is where failures show.
 * Retouch follows a task over fal's status stream ({@link #watch}) rather than polling it, so a task
 * costs three calls (submit, one stream, result) and its completion is known the moment fal reports it.
 */
public final class FalAdapter extends TaskApi {

    static final String MODEL = "/fal-ai/nano-banana-pro";

    /**
     * fal publishes no input or prompt limit: 14 images is the model's own (Google), 10,000 characters
     * the largest any relay of this model documents (kie.ai). The page names no seed field.
     */
    static final Capabilities CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS), Set.of("jpeg", "png", "webp"), 14, 4, 10_000, false);

    /**
     * Submit only enqueues (fal fetches the input images later), so answers come in well under 30 s. Its
     * data-URI support for this model is not documented: inputs go by URL. "The queue never rejects for
     * concurrency" (vendors.md §fal): a spec may keep tasks queued ahead there.
     */
    public static final VendorSpec SPEC = new VendorSpec("fal", "fal", CAPABILITIES,
            List.of("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET"), URI.create("https://queue.fal.run"),
            Duration.ofSeconds(30), List.of(), FalAdapter::key, FalAdapter::new).queueing();

    /**
     * Model errors {@code {"detail":[{"type","msg"}]}} and infrastructure errors
     * {@code {"detail","error_type"}} with {@code X-Fal-Error-Type} (vendors.md §1.7).
     */
    static final ErrorTable ERRORS = ErrorTable.of("fal")
            .codeAt("/detail/0/type", "/error_type").codeHeader("x-fal-error-type").codeAt("/status")
            .messageAt("/detail", "/message")
            .onCode("content_policy_violation", CONTENT_BLOCKED)
            .resultErrorsAreVerdicts()
            .adjust(FalAdapter::adjust);

    private static final Protocol PROTOCOL = Protocol
            // fal-js polls every 500 ms; beyond 10 s between polls a finished task waits too long to be collected.
            .polled(Duration.ofMillis(500), Duration.ofSeconds(10))
            .idAt("/request_id").status(MODEL + "/requests/{id}/status", "/status").result(MODEL + "/requests/{id}")
            .cancel("PUT", MODEL + "/requests/{id}/cancel")
            // fal has no failed status: a failed request is COMPLETED, and its result GET answers the error.
            .phases("IN_QUEUE", "IN_PROGRESS", "COMPLETED", "")
            .images("/images", "content_type");

    /**
     * fal's status stream, as fal-js builds it ({@code libs/client/src/queue.ts} @ 381105e1,
     * {@code streamStatus}): {@code GET https://queue.fal.run/{owner}/{alias}/requests/{id}/status/stream}
     * with {@code logs=0|1} always in the query, {@code Authorization: Key …} and {@code Accept:
     * text/event-stream}. Its events are the status answers, {@code data: {json}} lines; fal-js resolves
     * on the stream's end with the last one, which is COMPLETED (vendors.md §1.1: SSE, only if client
     * {@code mode:"streaming"}). Like every other fal URL but submit, it drops the {@code /edit} sub-path.
     */
    static final String STATUS_STREAM = MODEL + "/requests/{id}/status/stream?logs=0";

    FalAdapter(VendorSpec.Wiring wiring) {
        super(wiring, ERRORS, Map.of("Authorization", "Key " + wiring.key().value()), PROTOCOL);
    }

    @Override
    public boolean pushesStatus() {
        return true; // a spec's `push: false` polls instead (VendorLane)
    }

    @Override
    public CompletableFuture<PollOutcome> watch(String vendorRequestId, Duration max) {
        return watchStatus(STATUS_STREAM, vendorRequestId, max);
    }

    /** As fal's own clients read it: {@code FAL_KEY}, else {@code FAL_KEY_ID:FAL_KEY_SECRET}. */
    static String key(Map<String, String> env) {
        String key = env.getOrDefault("FAL_KEY", "").strip();
        String id = env.getOrDefault("FAL_KEY_ID", "").strip();
        String secret = env.getOrDefault("FAL_KEY_SECRET", "").strip();
        if (!key.isEmpty()) return key;
        if (!id.isEmpty() && !secret.isEmpty()) return id + ":" + secret;
        if (!id.isEmpty() || !secret.isEmpty())
            throw new IllegalStateException("fal credentials incomplete: FAL_KEY_ID and FAL_KEY_SECRET must both be set"
                    + " (or set FAL_KEY instead)");
        throw new IllegalStateException("fal credentials missing: set FAL_KEY, or FAL_KEY_ID and FAL_KEY_SECRET");
    }

    /** The page's fields that Retouch decides, as in its "Full Example"; fal's defaults stay ({@code sync_mode}). */
    @Override
    protected Call submitCall(EditRequest request, String attemptId) {
        var body = Json.edit(request, Json.object(), "prompt", "num_images", "aspect_ratio", "output_format", "image_urls",
                "resolution");
        return new Call("POST", wiring.url(MODEL + "/edit"), Json.write(body));
    }

    /** fal charges nothing for a server error (vendors.md §1.7): a 5xx on submit created nothing to pay for. */
    @Override
    protected boolean mayHaveWorked(HttpReply reply) {
        return false;
    }

    @Override
    protected String note(JsonNode task) {
        JsonNode position = task.path("queue_position");
        return position.isIntegralNumber() ? "queue position " + position.asLong() : null;
    }

    /**
     * A 403 about the balance is out of credit (fal locks such an account: "User is locked. Reason:
     * Exhausted balance"); a "user" 504 is the deadline we set ourselves (retrying ends the same way);
     * {@code X-Fal-Retryable} overrides the status where it has a say.
     */
    private static ErrorClass adjust(HttpReply reply, ErrorClass byStatus) {
        String body = reply.body().toLowerCase(Locale.ROOT);
        boolean clientError = reply.status() >= 400 && reply.status() < 500;
        if (reply.status() == 403 && (body.contains("locked") || body.contains("balance") || body.contains("exhausted")))
            return OUT_OF_CREDIT;
        // A model error lists several details; any of them may be the safety checker's.
        if (clientError && body.contains("\"content_policy_violation\"")) byStatus = CONTENT_BLOCKED;
        if (reply.status() == 504 && reply.header("x-fal-request-timeout-type").filter("user"::equalsIgnoreCase).isPresent())
            return VENDOR_TASK_FAILED;
        String retryable = reply.header("x-fal-retryable").map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
        if (retryable.equals("false") && byStatus == RETRYABLE) return VENDOR_TASK_FAILED;
        boolean terminal = Set.of(INVALID_REQUEST, CONTENT_BLOCKED, VENDOR_TASK_FAILED).contains(byStatus);
        return retryable.equals("true") && clientError && terminal ? RETRYABLE : byStatus;
    }
}
