package io.retouch.provider.http;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The skeleton of every vendor that answers at once: the one exchange of submit runs the whole edit
 * and answers with the images. To fit the submit → poll → collect contract the answer is held in
 * memory ({@link HeldResults}) under {@link HeldResults#idFor} of the attempt; poll and collect
 * answer from it without HTTP, and there is nothing to cancel. What a submit comes to:
 * <ul>
 *   <li>2xx with images: accepted, the images held for collect;</li>
 *   <li>2xx readable without images: the edit ran (and was billed) and made nothing — accepted, with a
 *       held failure;</li>
 *   <li>an error its table calls {@code VENDOR_TASK_FAILED} (the edit ran and failed, e.g. a generation
 *       time limit): accepted, with that failure held; a gateway's 502 or 504: in doubt; any other error
 *       answer: refused;</li>
 *   <li>no answer after the request left, or an unreadable 2xx: in doubt — the edit may have run and
 *       been paid, its result is lost; no connection at all: refused, nothing was sent.</li>
 * </ul>
 */
public abstract class SyncApi extends VendorApi {

    /** Poll answers from memory: there is nothing to wait for once submit has returned. */
    private static final PollPacing FROM_MEMORY = new PollPacing(Duration.ofMillis(10), Duration.ofMillis(100), 0.0);

    private static final String MAY_HAVE_RUN = "the edit may have run and been charged";

    private final HeldResults held;

    protected SyncApi(VendorSpec.Wiring wiring, ErrorTable errors, Map<String, String> auth, HeldResults held) {
        super(wiring, errors, auth);
        this.held = held;
    }

    protected abstract URI submitUrl();

    /** The submit's JSON body; {@link NotSent} when the edit cannot be sent (an input the adapter fetches fails). */
    protected abstract String submitBody(EditRequest request) throws NotSent;

    /**
     * The images of an answer; null when the answer lacks the field that lists them, which is not
     * an edit that made nothing but an answer we cannot read (the edit may still run and bill).
     */
    protected abstract List<OutputRef> outputs(JsonNode answer);

    /** Why a readable answer carries no image; by default the model's {@code description}, if any. */
    protected VendorError noImages(JsonNode answer) {
        return errors.noImages(Json.text(answer, "description"));
    }

    /** What the answer says was spent, for the audit trail, or null. */
    protected String usage(JsonNode answer) {
        return null;
    }

    @Override
    public final PollPacing pacing() {
        return FROM_MEMORY;
    }

    @Override
    public final SubmitOutcome submit(EditRequest request, String attemptId) {
        String id = HeldResults.idFor(Objects.requireNonNull(attemptId, "attemptId"));
        String json;
        try {
            NotSent.unlessServed(wiring.vendor(), request);
            json = submitBody(request);
        } catch (NotSent notSent) {
            return notSent.refused(submitUrl());
        }
        HttpReply reply = exchange("submit", "POST", submitUrl(), json);
        String answered = label() + " answered HTTP " + reply.status();
        if (!reply.answered() && !reply.nothingSent())
            return inDoubt(reply, null, "no answer from " + label() + ", " + MAY_HAVE_RUN + ": " + reply.failure());
        if (!reply.ok()) {
            VendorError error = errors.of(reply);
            if (error.errorClass() == ErrorClass.VENDOR_TASK_FAILED) {
                held.failed(id, error, local("poll", id, label() + " answered the submit with HTTP " + reply.status()));
                return new SubmitOutcome.Accepted(id, reply.call(error));
            }
            if (!mayHaveWorked(reply)) return new SubmitOutcome.Refused(error, reply.call(error));
            return inDoubt(reply, error.vendorCode(), answered + " (" + error.message() + "); " + MAY_HAVE_RUN + ": "
                    + error);
        }
        JsonNode body = Json.object(reply.body());
        if (body == null) {
            return inDoubt(reply, null, answered + " with an unreadable body, the edit ran and its result is lost: "
                    + HttpReply.brief(reply.body()));
        }
        String usage = usage(body);
        List<OutputRef> outputs = outputs(body);
        if (outputs == null) {
            return inDoubt(reply, null, answered + " without its list of images, " + MAY_HAVE_RUN + ": "
                    + HttpReply.brief(reply.body()));
        }
        if (outputs.isEmpty()) {
            // The model may answer with text only (its description says why); the vendor still bills it.
            VendorError error = noImages(body);
            held.failed(id, error, local("poll", id, label() + " answered the submit without images"));
            return new SubmitOutcome.Accepted(id, reply.call(error.vendorCode(), join(error.message(), usage)));
        }
        held.finished(id, new CollectOutcome.Outputs(outputs, local("collect", id, outputs.size() + " image(s)")),
                local("poll", id, "answered by the submit"));
        return new SubmitOutcome.Accepted(id, reply.call(null, join(outputs.size() + " image(s)", usage)));
    }

    @Override
    public final PollOutcome poll(String vendorRequestId) {
        return held.poll(vendorRequestId, name());
    }

    @Override
    public final CollectOutcome collect(String vendorRequestId) {
        return held.collect(vendorRequestId, name());
    }

    /** The outputs are stored (or the task failed): the held answer (possibly megabytes of base64) can go. */
    @Override
    public final void done(String vendorRequestId) {
        held.release(vendorRequestId);
    }

    /** Nothing to cancel: by the time submit returned, the vendor had finished the edit. */
    @Override
    public final VendorCall cancel(String vendorRequestId) {
        return local("cancel", vendorRequestId, "nothing to cancel: " + label() + " answers synchronously");
    }

    @Override
    public final boolean cancelCallsVendor(String vendorRequestId) {
        return false;
    }

    private VendorCall local(String operation, String id, String message) {
        return HeldResults.local(operation, name(), id, message);
    }

    private static String join(String message, String usage) {
        return usage == null ? message : message + "; " + usage;
    }
}
