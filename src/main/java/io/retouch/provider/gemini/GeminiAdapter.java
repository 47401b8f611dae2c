package io.retouch.provider.gemini;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.VendorHttp;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The Gemini API's synchronous {@code generateContent} for {@code gemini-3-pro-image-preview}
 * (vendors.md §7.1). The image comes back on the submit itself, so the answer is held in memory
 * ({@link HeldResults}) under our own id and poll/collect read it from there: nothing is polled over
 * HTTP. Inputs go inline as base64, so submit first downloads them itself.
 */
public final class GeminiAdapter implements VendorAdapter {

    public static final String NAME = "gemini";
    /** A 4K edit can take minutes; the call is the whole task, so the timeout is the task's. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final GeminiSettings settings;
    private final VendorHttp http;
    private final GeminiInputs inputs;
    private final HeldResults held;

    public GeminiAdapter(GeminiSettings settings) {
        this(settings, new HeldResults());
    }

    GeminiAdapter(GeminiSettings settings, HeldResults held) {
        this.settings = settings;
        this.http = new VendorHttp(NAME, settings.requestTimeout(), settings.secret());
        this.inputs = new GeminiInputs(Duration.ofSeconds(60));
        this.held = held;
    }

    @Override
    public String name() {
        return NAME;
    }


    /** Polls only read memory: asking often costs nothing. */
    @Override
    public PollPacing pacing() {
        return new PollPacing(Duration.ofMillis(50), Duration.ofSeconds(1), 0.1);
    }

    /**
     * Paid call. A 200 is final either way: an image is held as the result; a blocked or imageless
     * answer is held as the task's failure (Google bills the prompt's tokens of an answered call, and
     * the same content would be answered the same way again). Error statuses are refusals Google does
     * not bill; a timeout or reset after sending is in doubt.
     */
    @Override
    public SubmitOutcome submit(EditRequest request, String attemptId) {
        String url = settings.modelMethod("generateContent").toString();
        String refusal = GeminiCodec.seedRefusal(request);
        if (refusal != null) return refusedLocally(url, ErrorClass.INVALID_REQUEST, "seed_out_of_range", refusal);
        List<GeminiInputs.InlineImage> images;
        try {
            images = inputs.fetch(request.imageUrls());
        } catch (GeminiInputs.InputProblem problem) {
            return refusedLocally(url, ErrorClass.INVALID_REQUEST, "input_unavailable", problem.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refusedLocally(url, ErrorClass.RETRYABLE, "interrupted", "interrupted while fetching the inputs");
        }
        String body = Json.write(GeminiCodec.request(request, images));
        HttpReply reply = http.exchange("submit", "POST", settings.modelMethod("generateContent"), settings.authHeaders(), body);
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from Gemini, the edit may have been generated and billed: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        if (!reply.ok()) {
            VendorError error = GeminiErrors.of(reply);
            return new SubmitOutcome.Refused(error, reply.call(error));
        }
        JsonNode answer = Json.object(reply.body());
        if (answer == null) {
            String reason = "Gemini answered HTTP " + reply.status() + " with a body that is not JSON, the edit may"
                    + " have been generated and billed: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        String id = HeldResults.idFor(attemptId);
        switch (GeminiCodec.read(answer)) {
            case GeminiCodec.Answer.Image image -> {
                // poll and collect are answered from memory: audited as LOCAL, never as a second submit
                held.finished(id, new CollectOutcome.Outputs(List.of(image.output()), held(id, "collect", "1 image")),
                        held(id, "poll", "answered by the submit"));
                return new SubmitOutcome.Accepted(id, reply.call(null, "1 image (" + image.output().contentType() + ")"));
            }
            case GeminiCodec.Answer.NoImage noImage -> {
                held.failed(id, noImage.error(), held(id, "poll", noImage.error().toString()));
                return new SubmitOutcome.Accepted(id, reply.call(noImage.error()));
            }
        }
    }

    private static VendorCall held(String id, String operation, String message) {
        return VendorCall.local(operation, "held:" + NAME + "/" + id, null, message);
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

    /** A synchronous call cannot be cancelled once answered; nothing is sent. */
    @Override
    public VendorCall cancel(String vendorRequestId) {
        return VendorCall.local("cancel", "held:" + NAME + "/" + vendorRequestId, null,
                "generateContent is synchronous: the call already ended, there is nothing to cancel");
    }

    @Override
    public void close() {
        http.close();
        inputs.close();
    }

    /** Nothing left for Google: the refusal is ours, recorded as a local exchange. */
    private static SubmitOutcome refusedLocally(String url, ErrorClass errorClass, String code, String message) {
        VendorError error = VendorError.of(errorClass, code, message);
        return new SubmitOutcome.Refused(error, VendorCall.local("submit", url, code, message));
    }

}
