package io.retouch.sim;

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
final class GeminiHandler extends SimProtocol {

    static final String VENDOR = "gemini";
    private static final String MODELS = "/v1beta/models/";

    private final SimIntake intake;

    GeminiHandler(SimIntake intake) {
        super(VENDOR, "/gemini");
        this.intake = intake;
    }

    @Override
    void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!GeminiReplies.authorized(exchange)) {
            GeminiReplies.missingKey(exchange);
        } else if (!path.startsWith(MODELS) || !path.contains(":")) {
            GeminiReplies.notFound(exchange, "Requested entity was not found.");
        } else {
            String model = path.substring(MODELS.length(), path.lastIndexOf(':'));
            String method = path.substring(path.lastIndexOf(':') + 1);
            if (!model.equals(GeminiReplies.MODEL) || !method.equals("generateContent")) {
                GeminiReplies.notFound(exchange, "models/" + model + " is not found for API version v1beta, or is not"
                        + " supported for " + method + ". Call ListModels to see the list of available models and"
                        + " their supported methods.");
            } else if (!exchange.getRequestMethod().equals("POST")) {
                GeminiReplies.notFound(exchange, "The requested URL was not found on this server.");
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
            GeminiReplies.invalidArgument(exchange, GeminiReplies.INVALID_JSON);
            return;
        } catch (GeminiRequestReader.Invalid invalid) {
            GeminiReplies.invalidArgument(exchange, invalid.getMessage());
            return;
        }
        SimIntake.Admission admission = intake.admit(VENDOR, body);
        if (admission.refused()) {
            GeminiReplies.refusal(exchange, admission.refusal());
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, params, null, null);
        } catch (SimIntake.InputRejected rejected) {
            GeminiReplies.invalidArgument(exchange, GeminiReplies.UNREADABLE_IMAGE);
            return;
        }
        intake.awaitFinish(request);
        if (intake.answeredBadly(admission, exchange, 200)) return;
        HttpReplies.json(exchange, 200, GeminiReplies.generateContentResponse(intake, request));
    }
}
