package io.retouch.provider.http;

import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * What both skeletons ({@link TaskApi}, {@link SyncApi}) hold for a vendor: its spec and wiring,
 * its error table, and one {@link VendorHttp} that sends its credentials and nothing else.
 */
public abstract class VendorApi implements VendorAdapter {

    protected final VendorSpec.Wiring wiring;
    protected final ErrorTable errors;
    private final VendorHttp http;
    private final Map<String, String> auth;

    protected VendorApi(VendorSpec.Wiring wiring, ErrorTable errors, Map<String, String> auth) {
        this.wiring = wiring;
        this.errors = errors;
        this.http = new VendorHttp(wiring.vendor().label(), wiring.requestTimeout(), wiring.key());
        this.auth = auth;
    }

    /** {@code Authorization: Bearer <key>}, the scheme of most vendors. */
    protected static Map<String, String> bearer(VendorSpec.Wiring wiring) {
        return Map.of("Authorization", "Bearer " + wiring.key().value());
    }

    @Override
    public final String name() {
        return wiring.vendor().name();
    }

    /** The vendor's name in messages, e.g. {@code MuleRun}. */
    protected final String label() {
        return wiring.vendor().label();
    }

    /** One exchange, audited under {@code operation}; {@code body} is JSON or null. */
    protected final HttpReply exchange(String operation, String method, URI url, String body) {
        return http.exchange(operation, method, url, auth, body);
    }

    /** One event stream held open, audited under {@code operation} ({@link VendorHttp#events}). */
    protected final CompletableFuture<HttpReply> events(String operation, URI url, Predicate<String> onEvent) {
        return http.events(operation, url, auth, onEvent);
    }

    /**
     * Whether an error answer to a paid call may come after the vendor took or did the work: a
     * gateway's 502 or 504 says nothing of the vendor behind it. Such a submit is in doubt, never
     * refused, since refusing would let the pipeline pay for it again. Vendors that document what
     * their errors cost say otherwise.
     */
    protected boolean mayHaveWorked(HttpReply reply) {
        return reply.status() == 502 || reply.status() == 504;
    }

    /** A submit that may have created a paid task or edit without our knowing it: in doubt, never refused. */
    protected static SubmitOutcome inDoubt(HttpReply reply, String vendorCode, String reason) {
        return new SubmitOutcome.Unknown(reason, reply.call(vendorCode, reason));
    }

    @Override
    public void close() {
        http.close();
    }
}
