package io.retouch.sim.runflow;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.SimIntake;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runflow as its page documents it (seed 001), under {@code /runflow}: {@code POST
 * /v1/run/google/nano-banana-pro/edit} with the model's input flat in the body; the page's examples
 * read {@code images[0].url} from that POST's answer, so it runs the edit and answers fal-shaped
 * {@code {images, description}}. Errors are Runflow's {@code {code, message, errors}} envelope
 * (vendors.md §3.5), field details for 422. {@link RunflowRunsProtocol} serves the runs API.
 */
public final class RunflowProtocol extends RunflowWords {

    public RunflowProtocol(SimIntake intake) {
        super("runflow", intake, blockedAtSubmit());
    }

    /** Answering at once, it refuses an edit the safety filter blocks before anything is paid. */
    private static Map<Fault, Words> blockedAtSubmit() {
        Map<Fault, Words> faults = new HashMap<>(FAULTS);
        faults.put(Fault.CONTENT_BLOCKED, new Words(422, "CONTENT_POLICY_VIOLATION",
                "The request was blocked by the provider's content policy."));
        return faults;
    }

    @Override
    protected void route(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (!bearer(exchange)) unauthorized(exchange);
        else if (path.equals("/v1/run/" + MODEL_ID)) require(exchange, "POST", () -> run(exchange));
        else error(exchange, 404, "NOT_FOUND", NOT_FOUND);
    }

    private void run(HttpExchange exchange) throws IOException, InterruptedException {
        Taken taken = take(exchange, INPUT, "image_urls", RunflowWords::params);
        if (taken == null) return;
        intake.awaitFinish(taken.request());
        boolean images = taken.request().producesImages();
        // A task-failed edit ran and was billed, but the model gave back no image.
        accepted(exchange, taken, 200, object("images", images ? falImages(taken.request()) : List.of(),
                "description", images ? "" : "The model could not edit this image (simulated)."));
    }
}
