package io.retouch.sim;

import com.sun.net.httpserver.HttpHandler;

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
}
