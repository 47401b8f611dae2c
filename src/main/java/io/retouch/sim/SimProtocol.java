package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.retouch.sim.FaultProfile.Fault;
import java.io.IOException;
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

    /** A submission the vendor took (and was paid for). */
    public record Taken(SimRequest request, SimIntake.Admission admission) {}

    protected final SimIntake intake;
    private final String vendor;

    protected SimProtocol(String vendor, SimIntake intake) {
        this.vendor = vendor;
        this.intake = intake;
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
        HttpReplies.guarded(exchange, () -> route(exchange, exchange.getRequestURI().getPath().substring(path().length())));
    }

    // --- the vendor's words ---

    /** Answers one request; {@code path} is below {@link #path()}, e.g. {@code /v1/runs}. */
    protected abstract void route(HttpExchange exchange, String path) throws IOException, InterruptedException;

    /** The vendor's error envelope. */
    protected abstract void error(HttpExchange exchange, int status, String code, String message) throws IOException;

    /** How the vendor answers a submit fault, {@code POLL_5XX}, {@code POLL_429}, and a missing key ({@code UNAUTHORIZED}). */
    protected abstract Words words(Fault fault);

    /** The vendor's answer to a body its page does not allow. */
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 400, "invalid_request", reading.describe());
    }

    /** The vendor's answer to an input image it could not fetch or read; {@code field} names the list. */
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        error(exchange, 400, "invalid_image", field + "[" + rejected.index + "] could not be downloaded or read: "
                + rejected.getMessage());
    }

    /**
     * For a vendor that answers at once: how it refuses an edit its safety filter blocks, before
     * anything is paid (an error answer carries no usage). Null for vendors whose tasks fail later.
     */
    protected Words blockedAtSubmit() {
        return null;
    }

    /** Whether the vendor's 429 carries {@code Retry-After} under {@code submit-429-retry-after}. */
    protected boolean sendsRetryAfter() {
        return true;
    }

    // --- alike for every vendor ---

    protected void answer(HttpExchange exchange, Fault fault) throws IOException {
        if (fault == Fault.SUBMIT_429_RETRY_AFTER && sendsRetryAfter()) exchange.getResponseHeaders().set("Retry-After", "1");
        Words words = words(fault);
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
        if (!reading.ok()) {
            invalid(exchange, reading);
            return null;
        }
        SimIntake.Admission admission = intake.admit(vendor, body);
        if (admission.refused()) {
            answer(exchange, admission.refusal());
            return null;
        }
        Words blocked = blockedAtSubmit();
        if (blocked != null && admission.decision().outcome() == Outcome.CONTENT_BLOCKED) {
            error(exchange, blocked.status(), blocked.code(), blocked.message());
            return null;
        }
        try {
            return new Taken(intake.accept(admission, params.apply(reading), clientRef.apply(reading), null), admission);
        } catch (SimIntake.InputRejected rejected) {
            badInput(exchange, imagesField, rejected);
            return null;
        }
    }

    /** Answers a taken submission, unless its answer fault ({@code submit-timeout}, {@code submit-malformed}) plays first. */
    protected final void accepted(HttpExchange exchange, Taken taken, int status, Object body)
            throws IOException, InterruptedException {
        if (!intake.answeredBadly(taken.admission(), exchange, status)) HttpReplies.json(exchange, status, body);
    }

    /** Draws this vendor's poll fault for one status call; true when it has answered the call. */
    protected final boolean pollFault(HttpExchange exchange) throws IOException, InterruptedException {
        Fault fault = intake.pollFault(vendor);
        if (fault == null) return false;
        switch (fault) {
            case POLL_TIMEOUT -> {
                intake.hang();
                return false;
            }
            case POLL_5XX, POLL_429 -> answer(exchange, fault);
            case POLL_MALFORMED -> HttpReplies.garbled(exchange, 200);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A request this vendor took, by id. */
    protected final Optional<SimRequest> find(String id) {
        return intake.find(id).filter(r -> vendor.equals(r.vendor()));
    }

    /** Runs {@code action} when the request uses {@code method}, else answers the vendor's 405. */
    protected final void require(HttpExchange exchange, String method, HttpReplies.Action action)
            throws IOException, InterruptedException {
        if (exchange.getRequestMethod().equals(method)) action.run();
        else error(exchange, 405, "method_not_allowed", "Method " + exchange.getRequestMethod() + " is not allowed here");
    }
}
