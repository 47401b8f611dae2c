package io.retouch.sim.runflow;

import static io.retouch.sim.BodySchema.*;

import com.sun.net.httpserver.HttpExchange;
import io.retouch.sim.BodySchema;
import io.retouch.sim.EditParams;
import io.retouch.sim.FaultProfile.Fault;
import io.retouch.sim.HttpReplies;
import io.retouch.sim.ImageGeometry;
import io.retouch.sim.SimIntake;
import io.retouch.sim.SimProtocol;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What both of Runflow's surfaces answer alike: the model's input schema as its page lists it, the
 * error envelope {@code {code, message, errors}} (field details for 422), and the fault words
 * (vendors.md §3.5). {@link RunflowProtocol} serves the run endpoint, {@link RunflowRunsProtocol} the runs API.
 */
abstract class RunflowWords extends SimProtocol {

    static final String MODEL_ID = "google/nano-banana-pro/edit";
    static final String NOT_FOUND = "The requested resource was not found.";

    /** The seed page's input schema, exactly (its aspect ratios are fal's, which it mirrors). */
    static final BodySchema INPUT = BodySchema.of(
            text("prompt", true, 100_000),
            choice("aspect_ratio", "auto", ImageGeometry.ASPECT_RATIOS),
            flag("enable_web_search"),
            choice("resolution", "1K", ImageGeometry.RESOLUTIONS),
            integer("num_images", 1L, 1, 4),
            choice("output_format", "png", List.of("jpeg", "png", "webp")),
            flag("sync_mode"),
            choice("safety_tolerance", "4", List.of("1", "2", "3", "4", "5", "6")),
            integer("seed", null, Long.MIN_VALUE, Long.MAX_VALUE),
            urls("image_urls", true, 1, 14),
            flag("limit_generations"));

    static final Map<Fault, Words> FAULTS = Map.of(
            Fault.SUBMIT_5XX, new Words(503, "MODEL_UNAVAILABLE",
                    "The model provider is temporarily unavailable. Please retry later. (simulated)"),
            Fault.OUT_OF_CREDIT, new Words(402, "INSUFFICIENT_CREDIT",
                    "Your organization does not have enough credit to run this model. Check GET /v1/billing/balance."),
            Fault.UNAUTHORIZED, new Words(401, "UNAUTHORIZED",
                    "Missing or invalid API key. Send 'Authorization: Bearer <RUNFLOW_API_KEY>'."),
            Fault.POLL_5XX, new Words(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable. (simulated)"),
            Fault.SUBMIT_429, new Words(429, "RATE_LIMITED", "Rate limit exceeded: 60 requests per minute. (simulated)"));

    RunflowWords(String vendor, SimIntake intake, Map<Fault, Words> faults) {
        super(vendor, intake, faults);
    }

    static EditParams params(BodySchema.Reading r) {
        return new EditParams(r.text("prompt"), r.urls("image_urls"), r.integer("num_images").intValue(),
                r.text("aspect_ratio"), r.text("resolution"), r.text("output_format"), r.integer("seed"));
    }

    @Override
    protected void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        error(exchange, status, code, message, null);
    }

    static void error(HttpExchange exchange, int status, String code, String message, Object errors) throws IOException {
        HttpReplies.json(exchange, status, object("code", code, "message", message, "errors", errors));
    }

    @Override
    protected void invalid(HttpExchange exchange, BodySchema.Reading reading) throws IOException {
        error(exchange, 422, "VALIDATION_ERROR", "Request validation failed.", reading.problems().stream()
                .map(p -> Map.<String, Object>of("field", p.field(), "message", p.msg(), "code", p.type())).toList());
    }

    @Override
    protected void badInput(HttpExchange exchange, String field, SimIntake.InputRejected rejected) throws IOException {
        error(exchange, 422, "VALIDATION_ERROR", "Request validation failed.", List.of(Map.of(
                "field", field + "[" + rejected.index + "]", "message", rejected.getMessage(), "code", rejected.type)));
    }
}
