package io.retouch.provider.aimlapi;

import static io.retouch.provider.ErrorClass.VENDOR_TASK_FAILED;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.InputTransport;
import io.retouch.provider.HeldResults;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.SyncApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * AIMLAPI's {@code POST /v1/images/generations} for {@code google/nano-banana-pro-edit}, as its page
 * documents it (seed 003, vendors.md §6): synchronous, the answer carries {@code data[].url} or
 * {@code data[].b64_json}. Out of credit is 403; a 504 ("generation exceeded time limit") means the
 * edit ran and failed — possibly billed — so its failure is held rather than called refused.
 */
public final class AimlapiAdapter extends SyncApi {

    /** The model id on AIMLAPI; {@code google/gemini-3-pro-image-preview-edit} is an alias of it. */
    static final String MODEL = "google/nano-banana-pro-edit";

    /**
     * The page's enum: ten ratios, no "auto"; 1K/2K/4K; no output_format field (its images are PNG).
     * No published prompt limit; 10,000 is the largest any relay of this model documents.
     */
    static final Capabilities CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS), Set.of("png"), 14, 4, 10_000, false);

    /**
     * A generation runs inside the one call: tens of seconds, more at 4K. Its schema: "List of URLs or local
     * Base64 encoded images".
     */
    public static final VendorSpec SPEC = new VendorSpec("aimlapi", "AIMLAPI", CAPABILITIES, "AIMLAPI_API_KEY",
            URI.create("https://api.aimlapi.com"), Duration.ofMinutes(5), AimlapiAdapter::new)
            .taking(InputTransport.DATA_URI);

    /** {@code {"message","path","requestId","statusCode":"429","timestamp"}}; "Body validation error!" lists details. */
    static final ErrorTable ERRORS = ErrorTable.of("AIMLAPI")
            .codeAt("/statusCode").messageAt("/message").detailsAt("/errors", "/details")
            .on(504, VENDOR_TASK_FAILED);

    AimlapiAdapter(VendorSpec.Wiring wiring) {
        super(wiring, ERRORS, bearer(wiring), new HeldResults());
    }

    @Override
    protected URI submitUrl() {
        return wiring.url("/v1/images/generations");
    }

    /**
     * The page's fields: {@code model}, {@code prompt}, {@code image_urls}, {@code aspect_ratio},
     * {@code resolution}, and {@code num_images} only when more than its default of one (the page's
     * own examples leave it out). No {@code output_format} or {@code seed}: the page names neither.
     */
    @Override
    protected String submitBody(EditRequest request) {
        ObjectNode body = Json.edit(request, Json.object().put("model", MODEL), "image_urls", "prompt", "aspect_ratio",
                "resolution");
        if (request.numImages() != 1) body.put("num_images", request.numImages());
        return Json.write(body);
    }

    /** {@code data[].url} as is (http(s) or {@code data:}), else {@code data[].b64_json} as a {@code data:} URL. */
    @Override
    protected List<OutputRef> outputs(JsonNode answer) {
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode item : answer.path("data").values()) {
            List<OutputRef> url = Json.images(item, "url", "content_type");
            String base64 = Json.text(item, "b64_json");
            String type = Objects.requireNonNullElse(Json.text(item, "content_type"), "image/png");
            if (!url.isEmpty()) outputs.addAll(url);
            else if (base64 != null) outputs.add(new OutputRef("data:" + type + ";base64," + base64.strip(), type));
        }
        return outputs;
    }

    /** {@code meta.usage}: {@code credits_used} per the schema, {@code tokens_used} in the page's example. */
    @Override
    protected String usage(JsonNode answer) {
        JsonNode usage = answer.path("meta").path("usage");
        for (String field : List.of("credits_used", "tokens_used", "usd_spent")) {
            String value = Json.first(usage, "/" + field);
            if (value != null) return field + " " + value;
        }
        return null;
    }

    /** AIMLAPI reports no usage on error answers: its 502 (a partner's invalid answer) charged nothing. */
    @Override
    protected boolean mayHaveWorked(HttpReply reply) {
        return false;
    }
}
