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
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * The skeleton of every vendor that takes a task and is then polled: submit answers an id; a GET
 * tells the task's phase; a GET (often the same) gives the outputs. A vendor supplies its submit, its
 * {@link Protocol} and its {@link ErrorTable}, and this class does what is the same for all:
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

    /** Ends the status streams that reach their {@code max}: one daemon thread for every adapter. */
    private static final ScheduledThreadPoolExecutor WATCH_TIMER = watchTimer();

    private static ScheduledThreadPoolExecutor watchTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("status-stream-timer").factory());
        timer.setRemoveOnCancelPolicy(true); // a settled watch's timer goes at once, not at its max
        return timer;
    }

    private enum Phase { QUEUED, RUNNING, DONE, FAILED, UNKNOWN }

    /** One request: method, URL and JSON body (null for none). */
    public record Call(String method, URI url, String body) {}

    /**
     * A polled vendor's facts besides its errors. Paths hold {@code {id}}, sent as a path segment, or
     * form-encoded after a {@code ?}; answers are read at JSON pointers, the first present wins.
     */
    public static final class Protocol {

        private final Map<String, Phase> phases = new HashMap<>();
        private PollPacing pacing;
        private String statusPath;
        private String resultPath;
        private String cancelMethod;
        private String cancelPath;
        private String[] idAt;
        private String[] statusAt;
        private String imagesAt;
        private String typeField;
        private String failCodeAt = "";
        private String failMessageAt = "";

        /** Polls a tenth of the time the task has taken, {@code min} to {@code max} apart. */
        public static Protocol polled(Duration min, Duration max) {
            Protocol protocol = new Protocol();
            protocol.pacing = new PollPacing(min, max, 0.1);
            return protocol;
        }

        /** The task GET, and where its answer and the submit's keep the status word. */
        public Protocol status(String path, String... statusAt) {
            statusPath = path;
            this.statusAt = statusAt;
            return this;
        }

        /** A separate result GET (fal), which answers the outputs alone, without a status word. */
        public Protocol result(String path) {
            resultPath = path;
            return this;
        }

        /** Where the vendor documents none, cancel sends nothing: the task runs, and is paid, to its end. */
        public Protocol cancel(String method, String path) {
            cancelMethod = method;
            cancelPath = path;
            return this;
        }

        /** Where a submit's answer keeps the task id. */
        public Protocol idAt(String... pointers) {
            idAt = pointers;
            return this;
        }

        /** The status words of each phase, space-separated, in any case. */
        public Protocol phases(String queued, String running, String done, String failed) {
            String[] lists = {queued, running, done, failed};
            for (int i = 0; i < lists.length; i++) {
                for (String word : lists[i].toLowerCase(Locale.ROOT).split(" "))
                    if (!word.isEmpty()) phases.put(word, Phase.values()[i]);
            }
            return this;
        }

        /** The outputs' list in a finished task's answer ({@link Json#images}). */
        public Protocol images(String pointer, String typeField) {
            imagesAt = pointer;
            this.typeField = typeField;
            return this;
        }

        /** A failed task's code and message. */
        public Protocol failedAt(String codeAt, String messageAt) {
            failCodeAt = codeAt;
            failMessageAt = messageAt;
            return this;
        }
    }

    private static final String MAY_EXIST = "the task may have been created";
    /** The audit trail's name for one status stream, the pushed counterpart of a {@code status} poll. */
    private static final String STREAM = "status-stream";

    private final Protocol protocol;

    protected TaskApi(VendorSpec.Wiring wiring, ErrorTable errors, Map<String, String> auth, Protocol protocol) {
        super(wiring, errors, auth);
        this.protocol = protocol;
    }

    protected abstract Call submitCall(EditRequest request, String attemptId);

    /** The output images of a finished task; null when the answer's image list is unreadable (ask again). */
    protected List<OutputRef> outputs(JsonNode result) {
        return Json.images(result.at(protocol.imagesAt), "url", protocol.typeField);
    }

    /** A failed task's error, from its answer. */
    protected VendorError failure(JsonNode task) {
        return errors.taskFailed(Json.first(task, protocol.failCodeAt), Json.first(task, protocol.failMessageAt));
    }

    /** A word for the audit trail on a status answer (fal's queue position), or null. */
    protected String note(JsonNode task) {
        return null;
    }

    protected final String statusWord(JsonNode task) {
        return Json.first(task, protocol.statusAt);
    }

    @Override
    public final PollPacing pacing() {
        return protocol.pacing;
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
        String answered = label() + " answered HTTP " + reply.status();
        if (!reply.answered() && !reply.nothingSent())
            return inDoubt(reply, null, "no answer from " + label() + ", " + MAY_EXIST + ": " + reply.failure());
        VendorError error = reply.ok() ? errors.inBody(reply) : errors.of(reply);
        if (error != null && mayHaveWorked(reply))
            return inDoubt(reply, error.vendorCode(), answered + ", " + MAY_EXIST + ": " + error);
        if (error != null) return new SubmitOutcome.Refused(error, reply.call(error));
        JsonNode body = Json.object(reply.body());
        String id = body == null ? null : Json.first(body, protocol.idAt);
        if (id == null) {
            return inDoubt(reply, null, answered + " without a readable task id, " + MAY_EXIST + ": "
                    + HttpReply.brief(reply.body()));
        }
        return new SubmitOutcome.Accepted(id, reply.call(statusWord(body), "task " + id));
    }

    @Override
    public final PollOutcome poll(String taskId) {
        Answer answer = ask("status", url(protocol.statusPath, taskId));
        if (answer.error != null) {
            return answer.verdict ? new PollOutcome.Failed(answer.error, answer.call())
                    : new PollOutcome.Unavailable(answer.error, answer.call());
        }
        return outcome(answer.reply, answer.body);
    }

    /** Where the task stands by one status answer (a poll's body, or one event of a status stream). */
    private PollOutcome outcome(HttpReply reply, JsonNode task) {
        String word = statusWord(task);
        VendorCall call = reply.call(word, note(task));
        return switch (phase(word)) {
            case QUEUED -> new PollOutcome.Queued(call);
            case RUNNING -> new PollOutcome.Running(call);
            case DONE -> new PollOutcome.Finished(call);
            case FAILED -> {
                VendorError error = failure(task);
                yield new PollOutcome.Failed(error, reply.call(error));
            }
            case UNKNOWN -> {
                VendorError error = unknownStatus(word);
                yield new PollOutcome.Unavailable(error, reply.call(error));
            }
        };
    }

    /**
     * Follows the task over the vendor's status stream at {@code path} ({@link #watch}): one GET whose
     * events are each a status answer as a poll reads it. A finished or failed task, an event that cannot
     * be read, or an unknown status word ends the watch at once; a queued or running one is remembered
     * until {@code max}, or until the stream ends or breaks. An error answer is read as a poll's would be
     * (404 is the verdict that the vendor does not know the task). The outcome's call is the whole
     * exchange, audited under {@code status-stream}; cancelling the outcome closes the connection.
     */
    protected final CompletableFuture<PollOutcome> watchStatus(String path, String taskId, Duration max) {
        URI url = url(path, taskId);
        long start = System.nanoTime();
        CompletableFuture<PollOutcome> outcome = new CompletableFuture<>();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        CompletableFuture<HttpReply> stream = events(STREAM, url, data -> {
            try {
                JsonNode task = Json.object(data);
                if (task == null) {
                    outcome.complete(unavailable(url, start, 200, label() + " sent a status event that is not a JSON "
                            + "object: " + HttpReply.brief(data)));
                    return false;
                }
                HttpReply event = streamed(url, start, 200, data);
                VendorError inBody = errors.inBody(event);
                if (inBody != null) {
                    outcome.complete(errors.isTaskVerdict(event) ? new PollOutcome.Failed(inBody, event.call(inBody))
                            : new PollOutcome.Unavailable(inBody, event.call(inBody)));
                    return false;
                }
                PollOutcome now = outcome(event, task);
                if (now instanceof PollOutcome.Queued || now instanceof PollOutcome.Running) {
                    last.set(task);
                    return !outcome.isDone();
                }
                outcome.complete(now);
                return false;
            } catch (RuntimeException e) {
                outcome.complete(unavailable(url, start, 200, label() + " sent a status event that could not be read ("
                        + e + "): " + HttpReply.brief(data)));
                return false;
            }
        });
        stream.whenComplete((reply, failure) -> {
            try {
                outcome.complete(reply == null ? unavailable(url, start, 0, "status stream failed: " + failure)
                        : ended(reply, last.get()));
            } catch (RuntimeException e) {
                outcome.complete(unavailable(url, start, reply == null ? 0 : reply.status(), "status stream: " + e));
            }
        });
        // one timer for all watches, dropped as soon as the watch is settled (not kept for the whole max)
        ScheduledFuture<?> timer = WATCH_TIMER.schedule(() -> {
            JsonNode seen = last.get();
            outcome.complete(seen != null ? outcome(streamed(url, start, 200, ""), seen)
                    : unavailable(url, start, 0, "no status from " + label() + " within " + max));
        }, max.toMillis(), TimeUnit.MILLISECONDS);
        // Settled by an event, by max or by the caller's cancel: the timer goes and the stream is closed either way.
        outcome.whenComplete((settled, failure) -> {
            timer.cancel(false);
            stream.cancel(true);
        });
        return outcome;
    }

    /** A status stream that ended or broke with only {@code seen} (null: nothing) said about the task. */
    private PollOutcome ended(HttpReply reply, JsonNode seen) {
        if (reply.ok() && ServerSentEvents.isEventStream(reply.headers())) {
            return seen != null ? outcome(reply, seen) : new PollOutcome.Unavailable(
                    ErrorTable.retryable(label() + " ended the status stream before any status"), reply.call(null,
                    label() + " ended the status stream before any status"));
        }
        if (!reply.answered()) {
            if (seen != null) return outcome(reply, seen);
            VendorError error = reply.transportError();
            return new PollOutcome.Unavailable(error, reply.call(error));
        }
        if (reply.ok()) {
            VendorError error = ErrorTable.retryable(label() + " answered the status stream with Content-Type '"
                    + reply.header("Content-Type").orElse("") + "', not " + ServerSentEvents.MEDIA_TYPE + ": "
                    + HttpReply.brief(reply.body()));
            return new PollOutcome.Unavailable(error, reply.call(error));
        }
        VendorError error = errors.of(reply);
        return errors.isTaskVerdict(reply) ? new PollOutcome.Failed(error, reply.call(error))
                : new PollOutcome.Unavailable(error, reply.call(error));
    }

    private static HttpReply streamed(URI url, long start, int status, String body) {
        return new HttpReply(STREAM, "GET", url, status, HttpHeaders.of(Map.of(), (name, value) -> true), body, null,
                false, (System.nanoTime() - start) / 1_000_000);
    }

    private static PollOutcome unavailable(URI url, long start, int status, String reason) {
        VendorError error = ErrorTable.retryable(reason);
        return new PollOutcome.Unavailable(error, streamed(url, start, status, "").call(error));
    }

    @Override
    public final CollectOutcome collect(String taskId) {
        boolean separate = protocol.resultPath != null;
        Answer answer = ask("result", url(separate ? protocol.resultPath : protocol.statusPath, taskId));
        if (answer.error != null) {
            return answer.verdict ? new CollectOutcome.Failed(answer.error, answer.call())
                    : new CollectOutcome.Unavailable(answer.error, answer.call());
        }
        String word = separate ? null : statusWord(answer.body);
        List<OutputRef> outputs = outputs(answer.body);
        VendorError error = switch (separate ? Phase.DONE : phase(word)) {
            case FAILED -> failure(answer.body);
            case QUEUED, RUNNING -> ErrorTable.retryable(label() + " has not finished the task yet (status '" + word + "')");
            // A body with images but no known status word is still a result.
            case UNKNOWN -> outputs == null || outputs.isEmpty() ? unknownStatus(word) : null;
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
        if (protocol.cancelPath == null) {
            return VendorCall.local("cancel", url(protocol.statusPath, taskId).toString(), "no_cancel_endpoint",
                    label() + " has no cancel endpoint; the task was left to run to its end");
        }
        HttpReply reply = exchange("cancel", protocol.cancelMethod, url(protocol.cancelPath, taskId), null);
        if (!reply.ok()) return reply.call(errors.of(reply));
        JsonNode body = Json.object(reply.body());
        return reply.call(body == null ? null : statusWord(body), null);
    }

    @Override
    public final boolean cancelCallsVendor(String vendorRequestId) {
        return protocol.cancelPath != null;
    }

    /** One exchange, audited under {@code operation}. */
    protected final HttpReply exchange(String operation, Call call) {
        return exchange(operation, call.method(), call.url(), call.body());
    }

    /** {@code path} with the id in place of {@code {id}}: a corrupted stored id cannot escape its segment or value. */
    protected final URI url(String path, String id) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("task id is empty");
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
        int at = path.indexOf("{id}");
        return wiring.url(path.replace("{id}", path.lastIndexOf('?', at) >= 0 ? encoded : encoded.replace("+", "%20")));
    }

    private Phase phase(String word) {
        return word == null ? Phase.UNKNOWN : protocol.phases.getOrDefault(word.strip().toLowerCase(Locale.ROOT), Phase.UNKNOWN);
    }

    private VendorError unknownStatus(String word) {
        return ErrorTable.retryable(word == null ? label() + " answered a task without a status"
                : label() + " answered an unknown status '" + word + "'");
    }

    /** A task GET: a readable body, or the error and whether it is a verdict on the task. */
    private record Answer(HttpReply reply, JsonNode body, VendorError error, boolean verdict) {
        VendorCall call() {
            return reply.call(error);
        }
    }

    private Answer ask(String operation, URI url) {
        HttpReply reply = exchange(operation, "GET", url, null);
        if (!reply.ok()) return new Answer(reply, null, errors.of(reply), errors.isTaskVerdict(reply));
        JsonNode body = Json.object(reply.body());
        if (body == null)
            return new Answer(reply, null, ErrorTable.retryable(label() + " answered a malformed body: " + reply.body()), false);
        VendorError inBody = errors.inBody(reply);
        return new Answer(reply, body, inBody, inBody != null && errors.isTaskVerdict(reply));
    }
}
