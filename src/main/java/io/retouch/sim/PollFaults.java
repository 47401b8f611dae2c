package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The poll faults a status call can meet, alike for every vendor but for the words: {@code poll-timeout}
 * hangs, then the call is answered normally (too late); {@code poll-malformed} answers a cut-off 200;
 * {@code poll-5xx} and {@code poll-429} answer as the vendor does.
 */
final class PollFaults {

    private PollFaults() {
    }

    /** Draws {@code vendor}'s poll fault for this call; true when it has answered the call. */
    static boolean answered(HttpExchange exchange, SimIntake intake, String vendor, HttpReplies.Reply serverError,
                            HttpReplies.Reply rateLimited) throws IOException, InterruptedException {
        FaultProfile.Fault fault = intake.pollFault(vendor);
        if (fault == null) return false;
        switch (fault) {
            case POLL_TIMEOUT -> {
                intake.hang();
                return false;
            }
            case POLL_5XX -> serverError.send(exchange);
            case POLL_429 -> rateLimited.send(exchange);
            case POLL_MALFORMED -> HttpReplies.garbled(exchange, 200);
            default -> {
                return false;
            }
        }
        return true;
    }
}
