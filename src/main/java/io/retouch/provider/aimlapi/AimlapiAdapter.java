package io.retouch.provider.aimlapi;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * AIMLAPI's {@code POST /v1/images/generations} for {@code google/nano-banana-pro-edit}
 * (vendors.md §6). AIMLAPI is synchronous: the one HTTP exchange of submit runs the whole edit and
 * answers with the images. To fit the submit → poll → collect contract the answer is held in memory
 * ({@link HeldResults}) under {@link HeldResults#idFor} of the attempt; poll and collect answer from
 * it without any HTTP exchange, and cancel has nothing to cancel.
 * <p>
 * What a submit comes to:
 * <ul>
 *   <li>2xx with images: Accepted, the images held for collect;</li>
 *   <li>2xx readable but without images (empty or null {@code data}): the edit ran (and was
 *       charged) but produced nothing — Accepted, with a held {@code VENDOR_TASK_FAILED};</li>
 *   <li>504 "generation exceeded time limit": the edit ran and failed — Accepted, with a held
 *       {@code VENDOR_TASK_FAILED} (it may be charged; resubmitting is not this adapter's call);</li>
 *   <li>any other error answer (400, 401, 403 out of credit, 429, 500/502/503...): Refused, classified by
 *       {@link AimlapiErrors}; AIMLAPI reports no usage on error answers;</li>
 *   <li>no answer after the request left (timeout, reset), or an unreadable 2xx: Unknown — the edit
 *       may have run and been paid, its result is lost;</li>
 *   <li>no connection at all: Refused {@code RETRYABLE}, since nothing was sent.</li>
 * </ul>
 */
public final class AimlapiAdapter implements VendorAdapter {

    static final String NAME = "aimlapi";
    static final String GENERATIONS_PATH = "/v1/images/generations";

    private final URI generations;
    private final VendorHttp http;
    private final Map<String, String> auth;
    private final HeldResults held;
    /** Poll answers from memory: there is nothing to wait for once submit has returned. */
    private final PollPacing pacing = new PollPacing(Duration.ofMillis(10), Duration.ofMillis(100), 0.0);

    public AimlapiAdapter(URI baseUrl, String apiKey, Duration requestTimeout) {
        this(baseUrl, apiKey, requestTimeout, new HeldResults());
    }

    AimlapiAdapter(URI baseUrl, String apiKey, Duration requestTimeout, HeldResults held) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()))
            throw new IllegalArgumentException("AIMLAPI base URL must be http(s): " + baseUrl);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero())
            throw new IllegalArgumentException("AIMLAPI request timeout must be positive: " + requestTimeout);
        // Checked without echoing the value, so no HTTP client ever reports a bad key in an error.
        Secret secret = Secret.of("AIMLAPI API key", apiKey);
        this.generations = URI.create(stripTrailingSlashes(baseUrl.toString()) + GENERATIONS_PATH);
        this.http = new VendorHttp(NAME, requestTimeout, secret);
        this.auth = Map.of("Authorization", "Bearer " + secret.value());
        this.held = held;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public PollPacing pacing() {
        return pacing;
    }

    /** AIMLAPI has no idempotency key or client reference: {@code attemptId} only names the held answer. */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        String id = HeldResults.idFor(Objects.requireNonNull(attemptId, "attemptId"));
        HttpReply reply = http.exchange("submit", "POST", generations, auth, AimlapiJson.submitBody(request));
        if (!reply.answered()) {
            if (reply.nothingSent()) {
                VendorError error = reply.transportError();
                return new SubmitOutcome.Refused(error, reply.call(error));
            }
            String reason = "no answer from AIMLAPI, the edit may have run and been charged: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) {
            VendorError error = AimlapiErrors.of(reply);
            if (!AimlapiErrors.ranAndFailed(error)) return new SubmitOutcome.Refused(error, reply.call(error));
            held.failed(id, error, local("poll", id, "AIMLAPI answered the submit with HTTP " + reply.status()));
            return new SubmitOutcome.Accepted(id, reply.call(error));
        }
        JsonNode body = Json.object(reply.body());
        if (body == null) {
            String reason = "AIMLAPI answered HTTP " + reply.status() + " with an unreadable body, the edit ran"
                    + " and its result is lost: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        String usage = AimlapiJson.usage(body);
        List<OutputRef> outputs = AimlapiJson.outputs(body);
        if (outputs.isEmpty()) {
            // The model may answer with text only (description) instead of an image; AIMLAPI still bills it.
            String description = Json.text(body, "description");
            VendorError error = VendorError.of(ErrorClass.VENDOR_TASK_FAILED, "no_images",
                    "AIMLAPI finished the edit without images" + (description == null ? "" : ": " + description));
            held.failed(id, error, local("poll", id, "AIMLAPI answered the submit without images"));
            return new SubmitOutcome.Accepted(id, reply.call(error.vendorCode(), join(error.message(), usage)));
        }
        held.finished(id, new CollectOutcome.Outputs(outputs, local("collect", id, outputs.size() + " image(s)")),
                local("poll", id, "answered by the submit"));
        return new SubmitOutcome.Accepted(id, reply.call(null, join(outputs.size() + " image(s)", usage)));
    }

    @Override
    public PollOutcome poll(String vendorRequestId) {
        return held.poll(vendorRequestId, NAME);
    }

    /** The outputs are in S3 (or the task failed): the held answer (base64 images, megabytes each) can go. */
    @Override
    public void done(String vendorRequestId) {
        held.release(vendorRequestId);
    }

    @Override
    public CollectOutcome collect(String vendorRequestId) {
        return held.collect(vendorRequestId, NAME);
    }

    /** Nothing to cancel: by the time submit returned, AIMLAPI had finished the edit. */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        return local("cancel", vendorRequestId, "nothing to cancel: AIMLAPI answers synchronously");
    }

    @Override
    public void close() {
        http.close();
    }

    /** A record of an operation answered without an HTTP exchange: status 0, URL naming the held id. */
    private static VendorCall local(String operation, String id, String message) {
        return VendorCall.local(operation, "held:" + NAME + "/" + id, null, message);
    }

    private static String join(String message, String usage) {
        return usage == null ? message : message + "; " + usage;
    }

    private static String stripTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') end--;
        return url.substring(0, end);
    }
}
