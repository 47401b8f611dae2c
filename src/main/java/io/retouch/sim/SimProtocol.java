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
interface SimProtocol extends HttpHandler {

    /** The vendor's name in job specs and fault profiles, e.g. {@code mulerun}. */
    String vendor();

    /** Where it is served, e.g. {@code /mulerun}; no trailing slash. */
    String path();

    /**
     * Answers one request; {@code path} is the request's path below {@link #path()}, e.g.
     * {@code /v1/runs} for {@code /runflow/v1/runs}.
     */
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException;

    /** Routes the request, always closing the exchange (see {@link HttpReplies#guarded}). */
    @Override
    default void handle(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> route(exchange, exchange.getRequestURI().getPath().substring(path().length())));
    }
}
