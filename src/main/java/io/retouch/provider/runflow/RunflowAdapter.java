package io.retouch.provider.runflow;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.HeldResults;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.SyncApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runflow as its page documents it (seed 001): {@code POST /v1/run/google/nano-banana-pro/edit} with
 * the input fields flat in the body; the page's examples read {@code images[0].url} from that POST's
 * own answer, so the call runs the edit and answers with it. The documented async runs API, which
 * carries our reference, is the {@code runflow-runs} vendor ({@link RunflowRunsAdapter}). Both share
 * the model's input fields, what it accepts and the error envelope {@code {"code","message","errors"}}
 * (vendors.md §3).
 */
public final class RunflowAdapter extends SyncApi {

    static final String MODEL_ID = "google/nano-banana-pro/edit";

    /**
     * Runflow publishes no input or prompt limit: 14 images is the model's own (Google), 10,000
     * characters the largest any relay of this model documents (kie.ai).
     */
    static final Capabilities CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS), Set.of("jpeg", "png", "webp"), 14, 4, 10_000, true);

    /** The edit runs inside the one call: tens of seconds, more at 4K. */
    public static final VendorSpec SPEC = new VendorSpec("runflow", "Runflow", CAPABILITIES,
            "RUNFLOW_API_KEY", URI.create("https://api.runflow.io"), Duration.ofMinutes(5), RunflowAdapter::new);

    /** The code speaks louder than the status where both say something about the account. */
    static final ErrorTable ERRORS = ErrorTable.of("Runflow")
            .codeAt("/code").messageAt("/message").detailsAt("/errors")
            .onCode("INSUFFICIENT_CREDIT", OUT_OF_CREDIT).onCode("RATE_LIMITED", RATE_LIMITED)
            .onCode("INPUT_VALIDATION_FAILED", INVALID_REQUEST).onCode("VALIDATION_ERROR", INVALID_REQUEST)
            // PERMISSION_DENIED or EMAIL_NOT_VERIFIED: the key cannot do this.
            .on(403, UNAUTHORIZED);

    RunflowAdapter(VendorSpec.Wiring wiring) {
        super(wiring, ERRORS, bearer(wiring), new HeldResults());
    }

    /**
     * The fields the page names that Retouch decides; {@code seed} only when chosen. Runflow's own
     * defaults stay for the rest ({@code sync_mode}, {@code safety_tolerance}, web search…).
     */
    static ObjectNode input(EditRequest request, ObjectNode input) {
        return Json.edit(request, input, "prompt", "image_urls", "aspect_ratio", "resolution", "num_images",
                "output_format", "seed");
    }

    @Override
    protected URI submitUrl() {
        return wiring.url("/v1/run/" + MODEL_ID);
    }

    @Override
    protected String submitBody(EditRequest request) {
        return Json.write(input(request, Json.object()));
    }

    /** fal-shaped: {@code images[{url,content_type,…}]}; an answer without {@code images} is not one we can read. */
    @Override
    protected List<OutputRef> outputs(JsonNode answer) {
        return answer.has("images") ? Json.images(answer.path("images"), "url", "content_type") : null;
    }

    /**
     * The edit runs inside the call, so any server error may come after it ran and was billed —
     * but 503 {@code MODEL_UNAVAILABLE}, which Runflow documents for a provider that is down.
     */
    @Override
    protected boolean mayHaveWorked(HttpReply reply) {
        return reply.status() >= 500 && reply.status() != 503;
    }
}
