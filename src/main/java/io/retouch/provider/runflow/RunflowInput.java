package io.retouch.provider.runflow;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.http.ErrorTable;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * What both of Runflow's surfaces share (seed 001, vendors.md §3): the model's input fields, what it
 * accepts, and its error envelope {@code {"code","message","errors"}}.
 */
final class RunflowInput {

    static final String MODEL_ID = "google/nano-banana-pro/edit";

    static final Capabilities CAPABILITIES = new Capabilities(
            Set.copyOf(EditVocabulary.ASPECT_RATIOS), Set.copyOf(EditVocabulary.RESOLUTIONS),
            Set.of("jpeg", "png", "webp"),
            14, // Runflow publishes no limit; 14 is the model's own (Google)
            4,
            // No published prompt limit; 10,000 is the largest any relay of this model documents (kie.ai).
            10_000, true);

    /** The code speaks louder than the status where both say something about the account. */
    static final ErrorTable ERRORS = ErrorTable.of("Runflow")
            .codeAt("/code").messageAt("/message").detailsAt("/errors")
            .onCode("INSUFFICIENT_CREDIT", OUT_OF_CREDIT).onCode("RATE_LIMITED", RATE_LIMITED)
            .onCode("INPUT_VALIDATION_FAILED", INVALID_REQUEST).onCode("VALIDATION_ERROR", INVALID_REQUEST)
            // PERMISSION_DENIED or EMAIL_NOT_VERIFIED: the key cannot do this.
            .on(403, UNAUTHORIZED);

    private RunflowInput() {
    }

    /**
     * The fields the page names that Retouch decides; {@code seed} only when chosen. Runflow's own
     * defaults stay for the rest ({@code sync_mode}, {@code safety_tolerance}, web search…).
     */
    static void write(EditRequest request, ObjectNode input) {
        input.put("prompt", request.prompt());
        request.imageUrls().forEach(input.putArray("image_urls")::add);
        input.put("aspect_ratio", request.aspectRatio());
        input.put("resolution", request.resolution());
        input.put("num_images", request.numImages());
        input.put("output_format", request.outputFormat());
        if (request.seed() != null) input.put("seed", request.seed());
    }
}
