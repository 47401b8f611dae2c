package io.retouch.provider.http;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.PollPacing;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The skeleton of every vendor that takes a task and is then polled: submit answers an id; a GET
 * tells the task's phase; a GET (often the same) gives the outputs. A vendor supplies only its facts
 * — paths, body, where the id, status word, images and failure are, its status words and its
 * {@link ErrorTable} — and this class does what is the same for all:
 * <ul>
 *   <li>an edit the vendor cannot serve is refused without a call (nothing paid for the wrong edit);</li>
 *   <li>a submit that got no answer after the request left, or a 2xx without a readable id, is in
 *       doubt (the task may exist); one that never left, or an error answer, is refused;</li>
 *   <li>a poll's or collect's error is the task's verdict only where the vendor's table says so
 *       (an unknown task); any other error, a malformed body or an unknown status word leaves the
 *       paid task alone, to be asked again;</li>
 *   <li>a finished task without images is the vendor's failure, with its own words if it gave any.</li>
 * </ul>
 * Each operation makes at most one HTTP exchange and never retries: that is the pipeline's call.
 */
public abstract class TaskApi extends VendorApi {

    /** Where a task stands, from the vendor's status word. */
    public enum Phase { QUEUED, RUNNING, DONE, FAILED, UNKNOWN }

    /** One request: method, URL and JSON body (null for none). */
    public record Call(String method, URI url, String body) {}

    private final PollPacing pacing;
    private final Map<String, Phase> phases;

    /** @param phases the vendor's status words, as {@link #phases(String, String, String, String)} makes them */
    protected TaskApi(VendorSpec.Wiring wiring, ErrorTable errors, Map<String, String> auth, PollPacing pacing,
                      Map<String, Phase> phases) {
        super(wiring, errors, auth);
        this.pacing = pacing;
        this.phases = phases;
    }

    // --- the vendor's facts ---

    protected abstract Call submitCall(EditRequest request, String attemptId);

    /** The task id in a submit answer, or null. */
    protected abstract String taskId(JsonNode answer);

    protected abstract URI statusUrl(String taskId);

    /** Where the outputs are read; the status URL for vendors with one task GET. */
    protected URI resultUrl(String taskId) {
        return statusUrl(taskId);
    }

    /** The status word of a task answer, or null. */
    protected abstract String statusWord(JsonNode task);

    /** A vendor's status words: each argument lists one phase's words, space-separated, in any case. */
    protected static Map<String, Phase> phases(String queued, String running, String done, String failed) {
        Map<String, Phase> words = new java.util.HashMap<>();
        Phase[] phases = {Phase.QUEUED, Phase.RUNNING, Phase.DONE, Phase.FAILED};
        String[] lists = {queued, running, done, failed};
        for (int i = 0; i < lists.length; i++)
            for (String word : lists[i].split(" ")) if (!word.isBlank()) words.put(word.toLowerCase(Locale.ROOT), phases[i]);
        return Map.copyOf(words);
    }

    private Phase phase(String word) {
        return word == null ? Phase.UNKNOWN : phases.getOrDefault(word.strip().toLowerCase(Locale.ROOT), Phase.UNKNOWN);
    }

    /** The output images of a finished task; null when the answer's image list is unreadable (ask again). */
    protected abstract List<OutputRef> outputs(JsonNode result);

    /** A failed task's error, from its answer. */
    protected abstract VendorError failure(JsonNode task);

    /** Whether the result answer carries the status word too (false for fal, whose result is the output alone). */
    protected boolean resultHasStatus() {
        return true;
    }

    /** The cancel request, or null where the vendor documents none (the task then runs, and is paid, to its end). */
    protected Call cancelCall(String taskId) {
        return null;
    }

    /** A word for the audit trail on a status answer (fal's queue position), or null. */
    protected String note(JsonNode task) {
        return null;
    }

    /**
     * What a submit's error answer comes to: refused, unless the answer may hide a created task — a
     * gateway's 502 or 504 says nothing of the vendor behind it — which is in doubt.
     */
    protected SubmitOutcome refused(HttpReply reply, VendorError error) {
        if (!mayHaveWorked(reply)) return new SubmitOutcome.Refused(error, reply.call(error));
        String reason = label() + " answered HTTP " + reply.status() + ", the task may have been created: " + error;
        return new SubmitOutcome.Unknown(reason, reply.call(error.vendorCode(), reason));
    }


    // --- the skeleton ---

    @Override
    public final PollPacing pacing() {
        return pacing;
    }

    @Override
    public final SubmitOutcome submit(EditRequest request, String attemptId) {
        Call call = submitCall(request, attemptId);
        try {
            NotSent.unlessServed(wiring.vendor(), request);
        } catch (NotSent notSent) {
            return notSent.refused(call.url());
        }
        HttpReply reply = exchange("submit", call);
        if (!reply.answered() && !reply.nothingSent()) {
            String reason = "no answer from " + label() + ", the task may have been created: " + reply.failure();
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        JsonNode body = Json.object(reply.body());
        VendorError inBody = reply.ok() ? errors.inBody(reply) : null;
        if (!reply.ok() || inBody != null) return refused(reply, inBody != null ? inBody : errors.of(reply));
        String id = body == null ? null : taskId(body);
        if (id == null) {
            String reason = label() + " answered HTTP " + reply.status() + " without a readable task id,"
                    + " the task may have been created: " + HttpReply.brief(reply.body());
            return new SubmitOutcome.Unknown(reason, reply.call(null, reason));
        }
        return new SubmitOutcome.Accepted(id, reply.call(statusWord(body), "task " + id));
    }

    @Override
    public final PollOutcome poll(String taskId) {
        Answer answer = ask("status", statusUrl(taskId));
        if (answer.error != null) {
            return answer.verdict ? new PollOutcome.Failed(answer.error, answer.call())
                    : new PollOutcome.Unavailable(answer.error, answer.call());
        }
        String word = statusWord(answer.body);
        VendorCall call = answer.reply.call(word, note(answer.body));
        return switch (phase(word)) {
            case QUEUED -> new PollOutcome.Queued(call);
            case RUNNING -> new PollOutcome.Running(call);
            case DONE -> new PollOutcome.Finished(call);
            case FAILED -> {
                VendorError error = failure(answer.body);
                yield new PollOutcome.Failed(error, answer.reply.call(error));
            }
            case UNKNOWN -> {
                VendorError error = ErrorTable.retryable(word == null ? label() + " answered a task without a status"
                        : label() + " answered an unknown status '" + word + "'");
                yield new PollOutcome.Unavailable(error, answer.reply.call(error));
            }
        };
    }

    @Override
    public final CollectOutcome collect(String taskId) {
        Answer answer = ask("result", resultUrl(taskId));
        if (answer.error != null) {
            return answer.verdict ? new CollectOutcome.Failed(answer.error, answer.call())
                    : new CollectOutcome.Unavailable(answer.error, answer.call());
        }
        String word = resultHasStatus() ? statusWord(answer.body) : null;
        Phase phase = resultHasStatus() ? phase(word) : Phase.DONE;
        List<OutputRef> outputs = outputs(answer.body);
        VendorError error = switch (phase) {
            case FAILED -> failure(answer.body);
            case QUEUED, RUNNING -> ErrorTable.retryable(label() + " has not finished the task yet (status '" + word + "')");
            // A body with images but no known status word is still a result.
            case UNKNOWN -> outputs == null || outputs.isEmpty() ? ErrorTable.retryable(word == null
                    ? label() + " answered a task without a status" : label() + " answered an unknown status '" + word + "'")
                    : null;
            // A paid result must not be written off over one unreadable answer: ask again.
            case DONE -> outputs == null ? ErrorTable.retryable(label() + " answered an unreadable result: "
                    + HttpReply.brief(answer.reply.body()))
                    : outputs.isEmpty() ? errors.noImages(Json.text(answer.body, "description")) : null;
        };
        if (error == null) return new CollectOutcome.Outputs(outputs, answer.reply.call(word, outputs.size() + " image(s)"));
        return error.errorClass().terminal() ? new CollectOutcome.Failed(error, answer.reply.call(error))
                : new CollectOutcome.Unavailable(error, answer.reply.call(error));
    }

    @Override
    public final VendorCall cancel(String taskId) {
        Call call = cancelCall(taskId);
        if (call == null) {
            return VendorCall.local("cancel", statusUrl(taskId).toString(), "no_cancel_endpoint",
                    label() + " has no cancel endpoint; the task was left to run to its end");
        }
        HttpReply reply = exchange("cancel", call);
        if (!reply.ok()) return reply.call(errors.of(reply));
        JsonNode body = Json.object(reply.body());
        return reply.call(body == null ? null : statusWord(body), null);
    }

    /** One exchange, audited under {@code operation}. */
    protected final HttpReply exchange(String operation, Call call) {
        return exchange(operation, call.method(), call.url(), call.body());
    }

    /** An id as one path segment: a corrupted stored id cannot escape it. */
    protected static String segment(String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("task id is empty");
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A task GET: a readable body, or the error and whether it is a verdict on the task. */
    private record Answer(HttpReply reply, JsonNode body, VendorError error, boolean verdict) {
        VendorCall call() {
            return reply.call(error);
        }
    }

    private Answer ask(String operation, URI url) {
        HttpReply reply = exchange(operation, new Call("GET", url, null));
        if (!reply.ok()) return new Answer(reply, null, errors.of(reply), errors.isTaskVerdict(reply));
        JsonNode body = Json.object(reply.body());
        if (body == null)
            return new Answer(reply, null, ErrorTable.retryable(label() + " answered a malformed body: " + reply.body()), false);
        VendorError inBody = errors.inBody(reply);
        if (inBody != null) return new Answer(reply, body, inBody, errors.isTaskVerdict(reply));
        return new Answer(reply, body, null, false);
    }
}
