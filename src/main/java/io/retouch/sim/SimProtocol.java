package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.retouch.sim.FaultProfile.Fault;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One vendor's wire protocol, served under {@code /<vendor>} (the vendor's name in job specs): the
 * simulator's base URL plus that path replaces the vendor's real host. A protocol supplies the
 * vendor's words — its paths, its body schema, its error envelope and how it answers each fault —
 * and this class does what every vendor does alike: check the body strictly against the schema,
 * roll the dice, answer a refusing fault, let {@link SimIntake} fetch, queue, persist and count the
 * submission, and play the answer faults; for status calls, the poll faults.
 */
public abstract class SimProtocol implements HttpHandler {

    /** One answer in the vendor's words. */
    public record Words(int status, String code, String message) {}

    /** How a vendor words one stage of a task: its status word and, for a failure, its error code and message. */
    public record StageWords(String status, String code, String message) {}

    /** A submission the vendor took (and was paid for). */
    public record Taken(SimRequest request, SimIntake.Admission admission) {}

    /** Where a task stands, in the terms every polled vendor tells apart. */
    public enum Stage {
        QUEUED, RUNNING, SUCCEEDED, BLOCKED, FAILED, CANCELLED;

        public static Stage of(SimRequest request, SimRequest.Phase phase) {
            return switch (phase) {
                case IN_QUEUE -> QUEUED;
                case IN_PROGRESS -> RUNNING;
                case CANCELLED -> CANCELLED;
                case COMPLETED -> request.outcome() == Outcome.CONTENT_BLOCKED ? BLOCKED
                        : request.outcome() == Outcome.TASK_FAILED ? FAILED : SUCCEEDED;
            };
        }
    }

    protected final SimIntake intake;
    private final String vendor;
    /**
     * How the vendor answers {@code SUBMIT_5XX}, {@code OUT_OF_CREDIT}, {@code UNAUTHORIZED} (a missing
     * key), {@code POLL_5XX} and, under {@code SUBMIT_429}, every 429. Under {@code CONTENT_BLOCKED}, for
     * a vendor that answers at once: how it refuses an edit its safety filter blocks, before anything is
     * paid (an error answer carries no usage); vendors whose tasks fail later have no such entry.
     */
    private final Map<Fault, Words> faults;

    protected SimProtocol(String vendor, SimIntake intake, Map<Fault, Words> faults) {
        this.vendor = vendor;
        this.intake = intake;
        this.faults = faults;
    }

    /** The vendor's name in job specs and fault profiles, e.g. {@code mulerun}. */
    public final String vendor() {
        return vendor;
    }

    /** Where it is served, e.g. {@code /mulerun}. */
    public final String path() {
        return "/" + vendor;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        intake.load().requestStarted(vendor, intake.now());
        HttpReplies.guarded(exchange, () -> route(exchange, exchange.getRequestURI().getPath().substring(path().length())));
    }

    // --- the vendor's words ---

    /** Answers one request; {@code path} is below {@link #path()}, e.g. {@code /v1/runs}. */
    protected abstract void route(HttpExchange exchange, String path) throws IOException, InterruptedException;

    /** The vendor's error envelope. */
    protected abstract void error(HttpExchange exchange, int status, String code, String message) throws IOException;

    /** The vendor's answer to a body its page does not allow. */
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 400, "invalid_request", reading.describe());
    }

    /** The vendor's answer to an input image it could not fetch or read; {@code field} names the list. */
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        error(exchange, 400, "invalid_image", field + "[" + rejected.index + "] could not be downloaded or read: "
                + rejected.getMessage());
    }

    /** Whether the vendor's 429 carries {@code Retry-After} under {@code submit-429-retry-after}. */
    protected boolean sendsRetryAfter() {
        return true;
    }

    // --- alike for every vendor ---

    protected void answer(HttpExchange exchange, Fault fault) throws IOException {
        if (fault == Fault.SUBMIT_429_RETRY_AFTER && sendsRetryAfter()) exchange.getResponseHeaders().set("Retry-After", "1");
        Words words = faults.getOrDefault(fault, faults.get(Fault.SUBMIT_429));
        error(exchange, words.status(), words.code(), words.message());
    }

    protected final void unauthorized(HttpExchange exchange) throws IOException {
        answer(exchange, Fault.UNAUTHORIZED);
    }

    /**
     * The common submit. Returns what was taken, or null when the request has been answered already
     * (invalid body, a refusing fault, an input that could not be fetched).
     */
    protected final Taken take(HttpExchange exchange, BodySchema schema, String imagesField,
                               Function<BodySchema.Reading, EditParams> params) throws IOException, InterruptedException {
        return take(exchange, schema, imagesField, params, reading -> null);
    }

    /** The common submit, keeping the client's own reference ({@code clientRef} of the body), e.g. Runflow's. */
    protected final Taken take(HttpExchange exchange, BodySchema schema, String imagesField,
                               Function<BodySchema.Reading, EditParams> params,
                               Function<BodySchema.Reading, String> clientRef) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        BodySchema.Reading reading = schema.read(body);
        if (reading.ok()) return take(exchange, body, params.apply(reading), clientRef.apply(reading), imagesField);
        invalid(exchange, reading);
        return null;
    }

    /** The common submit of a body already read into {@code params}. */
    protected final Taken take(HttpExchange exchange, byte[] body, EditParams params, String clientRef, String imagesField)
            throws IOException, InterruptedException {
        SimIntake.Admission admission = admit(exchange, body);
        if (admission == null) return null;
        Words blocked = faults.get(Fault.CONTENT_BLOCKED);
        if (blocked != null && admission.decision().outcome() == Outcome.CONTENT_BLOCKED) {
            error(exchange, blocked.status(), blocked.code(), blocked.message());
            return null;
        }
        try {
            return new Taken(intake.accept(List.of(new SimIntake.Entry(admission, params, clientRef)), null).getFirst(),
                    admission);
        } catch (SimIntake.InputRejected rejected) {
            badInput(exchange, imagesField, rejected);
            return null;
        }
    }

    /** Rolls the dice for {@code body}; null when a refusing fault has been answered. */
    protected final SimIntake.Admission admit(HttpExchange exchange, byte[] body) throws IOException {
        SimIntake.Admission admission = intake.admit(vendor, body);
        if (!admission.refused()) return admission;
        if (rateLimit(admission.decision().submitFault())) intake.load().rateLimited(vendor);
        answer(exchange, admission.decision().submitFault());
        return null;
    }

    /**
     * Answers a taken submission, unless its answer fault plays first: {@code submit-timeout} keeps the
     * client waiting past its timeout; {@code submit-malformed} answers a cut-off body with {@code status}.
     */
    protected final void accepted(HttpExchange exchange, Taken taken, int status, Object body)
            throws IOException, InterruptedException {
        Fault fault = taken.admission().decision().submitFault();
        if (fault == Fault.SUBMIT_TIMEOUT) intake.hang();
        if (fault == Fault.SUBMIT_MALFORMED) HttpReplies.garbled(exchange, status);
        else HttpReplies.json(exchange, status, body);
    }

    /** Draws this vendor's poll fault for one status call; true when it has answered the call. */
    protected final boolean pollFault(HttpExchange exchange) throws IOException, InterruptedException {
        Fault fault = intake.pollFault(vendor);
        if (rateLimit(fault)) intake.load().rateLimited(vendor);
        if (fault == Fault.POLL_TIMEOUT) intake.hang();
        if (fault == Fault.POLL_5XX || fault == Fault.POLL_429) answer(exchange, fault);
        else if (fault == Fault.POLL_MALFORMED) HttpReplies.garbled(exchange, 200);
        else return false;
        return true;
    }

    /**
     * A status call for the request {@code id} this vendor took: after its poll fault, the request, or
     * null when the call has been answered (by the fault or the vendor's 404 {@code notFound}).
     */
    protected final SimRequest polled(HttpExchange exchange, String id, String code, String notFound)
            throws IOException, InterruptedException {
        if (pollFault(exchange)) return null;
        SimRequest request = find(id).orElse(null);
        if (request == null) error(exchange, 404, code, notFound);
        return request;
    }

    private static boolean rateLimit(Fault fault) {
        return fault == Fault.SUBMIT_429 || fault == Fault.SUBMIT_429_RETRY_AFTER || fault == Fault.POLL_429;
    }

    /** A request this vendor took, by id. */
    protected final Optional<SimRequest> find(String id) {
        return intake.store().find(id).filter(r -> vendor.equals(r.vendor()));
    }

    /** Runs {@code action} when the request uses {@code method}, else answers the vendor's 405. */
    protected final void require(HttpExchange exchange, String method, HttpReplies.Action action)
            throws IOException, InterruptedException {
        if (exchange.getRequestMethod().equals(method)) action.run();
        else error(exchange, 405, "method_not_allowed", "Method " + exchange.getRequestMethod() + " is not allowed here");
    }

    /** {@code Authorization: Bearer <token>}, the scheme spelled exactly so, with a token. */
    protected static boolean bearer(HttpExchange exchange) {
        return credential(exchange, "Bearer ", false);
    }

    /** {@code Authorization: Bearer <token>}, the scheme in any case (RFC 9110), with a token. */
    protected static boolean bearerAnyCase(HttpExchange exchange) {
        return credential(exchange, "Bearer ", true);
    }

    /** fal's {@code Authorization: Key <token>}, with a token. */
    protected static boolean key(HttpExchange exchange) {
        return credential(exchange, "Key ", false);
    }

    private static boolean credential(HttpExchange exchange, String scheme, boolean anyCase) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.regionMatches(anyCase, 0, scheme, 0, scheme.length())
                && !header.substring(scheme.length()).isBlank();
    }

    /** The decoded value of query parameter {@code name} ("" when it has no value), or null when absent. */
    protected static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).equals(name))
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** A JSON object whose fields keep the order given and may be null: {@code object("id", id, "error", null)}. */
    protected static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        return object;
    }

    /**
     * The request's outputs as fal lists them ({@code images[{url,content_type,file_name,file_size,width,height}]}),
     * the shape Runflow's run endpoint answers too.
     */
    protected final List<Map<String, Object>> falImages(SimRequest request) throws IOException, InterruptedException {
        List<Map<String, Object>> images = new ArrayList<>();
        List<OutputRenderer.OutputFile> files = intake.renderer().outputs(request);
        for (int n = 0; n < files.size(); n++) {
            OutputRenderer.OutputFile file = files.get(n);
            images.add(object("url", intake.fileUrl(request, n), "content_type", file.contentType(),
                    "file_name", "nano-banana-pro-edit-" + n + "." + request.params().outputFormat(),
                    "file_size", file.size(), "width", file.width(), "height", file.height()));
        }
        return images;
    }
}
