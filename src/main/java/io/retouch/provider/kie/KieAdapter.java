package io.retouch.provider.kie;

import static io.retouch.provider.ErrorClass.*;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.TaskApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kie.ai's market API for {@code nano-banana-pro} (vendors.md §5): createTask, then recordInfo until
 * {@code data.state} is {@code success} or {@code fail}. kie answers errors inside HTTP 200 with a
 * business {@code code}, which stands for the status; the output URLs sit in {@code data.resultJson},
 * a JSON string. Poll and collect are the same GET; there is no cancel.
 */
public final class KieAdapter extends TaskApi {

    static final String MODEL = "nano-banana-pro";

    /** jpeg is spelt "jpg" on the wire; no webp. */
    static final Capabilities CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS), Set.of("png", "jpeg"), 8, 1, 10_000, false);

    public static final VendorSpec SPEC = new VendorSpec("kie", "kie.ai", CAPABILITIES, "KIE_API_KEY",
            URI.create("https://api.kie.ai"), Duration.ofSeconds(30), KieAdapter::new);

    /** 455 maintenance passes; 501 "generation failed"; 505 "feature disabled" for this key. */
    static final ErrorTable ERRORS = ErrorTable.of("kie.ai")
            .statusAt("/code").messageAt("/msg", "/message")
            .on(455, RETRYABLE).on(501, VENDOR_TASK_FAILED).on(505, INVALID_REQUEST)
            .verdicts(404, 410, 501);

    private static final Protocol PROTOCOL = Protocol
            // kie advises a 2-3 s first wait; an edit takes tens of seconds, so 15 s between polls at most.
            .polled(Duration.ofSeconds(2), Duration.ofSeconds(15))
            // The task id is a query value, form-encoded (kie's ids read task_nano-banana-pro_…).
            .idAt("/data/taskId").status("/api/v1/jobs/recordInfo?taskId={id}", "/data/state")
            .phases("waiting queuing", "generating", "success", "fail")
            .failedAt("/data/failCode", "/data/failMsg");

    KieAdapter(VendorSpec.Wiring wiring) {
        super(wiring, ERRORS, bearer(wiring), PROTOCOL);
    }

    /** No {@code callBackUrl}: Retouch polls. */
    @Override
    protected Call submitCall(EditRequest request, String attemptId) {
        ObjectNode body = Json.object().put("model", MODEL);
        proInput(request, body.putObject("input"));
        return new Call("POST", wiring.url("/api/v1/jobs/createTask"), Json.write(body));
    }

    /**
     * The Nano Banana Pro input fields kie.ai takes under {@code input} and its relay SinanCode takes at
     * the top level of its Pro path (vendors.md §4.2 (b), §5.2); both spell {@code jpeg} {@code jpg}.
     */
    static void proInput(EditRequest request, ObjectNode fields) {
        Json.edit(request, fields, "prompt", "image_input", "aspect_ratio", "resolution");
        fields.put("output_format", "jpeg".equals(request.outputFormat()) ? "jpg" : request.outputFormat());
    }

    /** {@code data.resultJson} is a JSON string {@code {"resultUrls":[…]}}; an object in its place is read alike. */
    @Override
    protected List<OutputRef> outputs(JsonNode result) {
        JsonNode resultJson = result.path("data").path("resultJson");
        JsonNode parsed = resultJson.isObject() ? resultJson
                : resultJson.isString() ? Json.object(resultJson.stringValue()) : null;
        return parsed == null ? null : Json.images(parsed.path("resultUrls"), "url", "content_type");
    }
}
