package io.retouch.provider.runflow;

import io.retouch.provider.EditRequest;
import io.retouch.provider.HeldResults;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.Outputs;
import io.retouch.provider.http.SyncApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runflow as its page documents it (seed 001): {@code POST /v1/run/google/nano-banana-pro/edit} with
 * the input fields flat in the body; the page's examples read {@code images[0].url} from that POST's
 * own answer, so the call runs the edit and answers with it. The documented async runs API, which
 * carries our reference, is the {@code runflow-runs} vendor ({@link RunflowRunsAdapter}).
 */
public final class RunflowAdapter extends SyncApi {

    static final String RUN_PATH = "/v1/run/" + RunflowInput.MODEL_ID;

    /** The edit runs inside the one call: tens of seconds, more at 4K. */
    public static final VendorSpec SPEC = new VendorSpec("runflow", "Runflow", RunflowInput.CAPABILITIES,
            "RUNFLOW_API_KEY", URI.create("https://api.runflow.io"), Duration.ofMinutes(5), RunflowAdapter::new);

    RunflowAdapter(VendorSpec.Wiring wiring) {
        super(wiring, RunflowInput.ERRORS, bearer(wiring), new HeldResults());
    }

    @Override
    protected URI submitUrl() {
        return wiring.url(RUN_PATH);
    }

    @Override
    protected String submitBody(EditRequest request) {
        ObjectNode body = Json.object();
        RunflowInput.write(request, body);
        return Json.write(body);
    }

    /** fal-shaped: {@code images[{url,content_type,…}]}; an answer without {@code images} is not one we can read. */
    @Override
    protected List<OutputRef> outputs(JsonNode answer) {
        return answer.has("images") ? Outputs.read(answer.path("images"), "url", "content_type") : null;
    }

    /**
     * The edit runs inside the call, so any server error may come after it ran and was billed —
     * but 503 {@code MODEL_UNAVAILABLE}, which Runflow documents for a provider that is down.
     */
    @Override
    protected boolean mayHaveWorked(io.retouch.provider.http.HttpReply reply) {
        return reply.status() >= 500 && reply.status() != 503;
    }
}
