package io.retouch.sim.gemini;

import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.HttpRequests;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.OutputRenderer;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import io.retouch.sim.SimRequest;
import io.retouch.sim.SimRequestStore;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import tools.jackson.core.JacksonException;

/**
 * The Gemini API's synchronous {@code generateContent} under {@code /gemini} (vendors.md §7.1):
 * {@code POST /gemini/v1beta/models/gemini-3-pro-image-preview:generateContent} with
 * {@code x-goog-api-key}. The call stays open while the edit runs and answers the image inline.
 * Nothing is polled, so the {@code poll-*} and {@code slow-queue} faults only stretch or never
 * touch a call; {@code expired-output} ends as a success (inline images cannot expire).
 */
public final class GeminiProtocol extends GoogleProtocol {

    private static final String MODELS = "/v1beta/models/";

    public GeminiProtocol(SimIntake intake) {
        super("gemini", intake);
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!authorized(exchange)) {
            missingKey(exchange);
        } else if (!path.startsWith(MODELS) || !path.contains(":")) {
            notFound(exchange, "Requested entity was not found.");
        } else {
            String model = path.substring(MODELS.length(), path.lastIndexOf(':'));
            String method = path.substring(path.lastIndexOf(':') + 1);
            if (!model.equals(MODEL) || !method.equals("generateContent")) {
                notFound(exchange, "models/" + model + " is not found for API version v1beta, or is not"
                        + " supported for " + method + ". Call ListModels to see the list of available models and"
                        + " their supported methods.");
            } else if (!exchange.getRequestMethod().equals("POST")) {
                notFound(exchange, "The requested URL was not found on this server.");
            } else {
                generate(exchange);
            }
        }
    }

    private void generate(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        EditParams params;
        try {
            params = GeminiRequestReader.read(HttpReplies.JSON.readTree(body), "");
        } catch (JacksonException e) {
            invalidArgument(exchange, INVALID_JSON);
            return;
        } catch (GeminiRequestReader.Invalid invalid) {
            invalidArgument(exchange, invalid.getMessage());
            return;
        }
        SimIntake.Admission admission = intake.admit(vendor(), body);
        if (admission.refused()) {
            answer(exchange, admission.refusal());
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, params, null, null);
        } catch (SimIntake.InputRejected rejected) {
            invalidArgument(exchange, UNREADABLE_IMAGE);
            return;
        }
        intake.awaitFinish(request);
        if (intake.answeredBadly(admission, exchange, 200)) return;
        HttpReplies.json(exchange, 200, generateContentResponse(request));
    }
}
