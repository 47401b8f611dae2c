package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * One vendor's wire protocol, served under {@link #path()} (e.g. {@code /mulerun}): the simulator's
 * base URL plus that path replaces the vendor's real host. It matches the vendor's
 * {@code VendorDefinition.simulatorPath()}. Built on {@link SimIntake}, which does everything
 * that is the same for every vendor.
 */
abstract class SimProtocol implements HttpHandler {

    private final String vendor;
    private final String path;

    SimProtocol(String vendor, String path) {
        this.vendor = vendor;
        this.path = path;
    }

    /** The vendor's name in job specs and fault profiles, e.g. {@code mulerun}. */
    final String vendor() {
        return vendor;
    }

    /** Where it is served, e.g. {@code /mulerun}; no trailing slash. */
    final String path() {
        return path;
    }

    /** Routes the request, always closing the exchange (see {@link HttpReplies#guarded}). */
    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> route(exchange, exchange.getRequestURI().getPath().substring(path.length())));
    }

    /**
     * Answers one request; {@code path} is the request's path below {@link #path()}, e.g.
     * {@code /v1/runs} for {@code /runflow/v1/runs}.
     */
    abstract void route(HttpExchange exchange, String path) throws IOException, InterruptedException;
}
