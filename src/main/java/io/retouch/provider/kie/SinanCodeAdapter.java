package io.retouch.provider.kie;

import static io.retouch.provider.ErrorClass.OUT_OF_CREDIT;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.TaskApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * SinanCode, a relay of kie.ai, with {@code GET /v1/tasks/{id}} answering
 * {@code {id,status,error_code,error_msg,result}} (vendors.md §4.3). Two endpoints, two vendors:
 * <ul>
 *   <li>{@code sinancode} — the one its page documents (seed 002): {@code POST
 *       /v1/generate/k/nano-banana-edit} with {@code image_urls}, {@code image_size} (the aspect
 *       ratio, {@code auto} included) and {@code output_format} png|jpeg. That path names the
 *       original Nano Banana (Gemini 2.5 Flash Image): no resolution field, about 1K;</li>
 *   <li>{@code sinancode-pro} — its Nano Banana Pro path {@code POST /v1/generate/k/nano-banana-pro}
 *       with kie's Pro fields ({@link KieAdapter#proInput}); the path is inferred from its siblings (vendors.md
 *       §4.2 (b)), not shown on a page of SinanCode's.</li>
 * </ul>
 */
public final class SinanCodeAdapter extends TaskApi {

    /** No resolution field: the model makes about 1K. */
    static final Capabilities EDIT_CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.ASPECT_RATIOS),
            Set.of("1K"), Set.of("png", "jpeg"), 10, 1, 5_000, false);

    /** The Pro page lists the ten fixed ratios (default 1:1), no "auto". */
    static final Capabilities PRO_CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS),
            Set.copyOf(EditVocabulary.RESOLUTIONS), Set.of("png", "jpeg"), 8, 1, 5_000, false);

    private static final URI HOST = URI.create("https://api.sinancode.com");

    public static final VendorSpec SPEC = new VendorSpec("sinancode", "SinanCode", EDIT_CAPABILITIES,
            "SINANCODE_API_KEY", HOST, Duration.ofSeconds(30), w -> new SinanCodeAdapter(w, false));

    public static final VendorSpec PRO_SPEC = new VendorSpec("sinancode-pro", "SinanCode", PRO_CAPABILITIES,
            "SINANCODE_API_KEY", HOST, Duration.ofSeconds(30), w -> new SinanCodeAdapter(w, true));

    /** HTTP error bodies are undocumented: the task's own fields, kie-style ones, or a message. */
    static final ErrorTable ERRORS = ErrorTable.of("SinanCode")
            .codeAt("/error_code", "/code", "/error/code")
            .messageAt("/error_msg", "/msg", "/message", "/error", "/error/message", "/error_code")
            // Its balance codes, whatever status they come with.
            .onCode("insufficient_balance", OUT_OF_CREDIT)
            .onCode("insufficient_credits", OUT_OF_CREDIT);

    private static final Protocol PROTOCOL = Protocol
            // It relays kie.ai: the same 2 s first wait and 15 s ceiling.
            .polled(Duration.ofSeconds(2), Duration.ofSeconds(15))
            .idAt("/task_id").status("/v1/tasks/{id}", "/status")
            .phases("pending", "processing", "completed", "failed")
            // result is ["url"] on one page and [{"type","url"}] on another: both are read.
            .images("/result", "type")
            .failedAt("/error_code", "/error_msg");

    private final boolean pro;

    private SinanCodeAdapter(VendorSpec.Wiring wiring, boolean pro) {
        super(wiring, ERRORS, bearer(wiring), PROTOCOL);
        this.pro = pro;
    }

    /** No {@code callBackUrl}: Retouch polls. */
    @Override
    protected Call submitCall(EditRequest request, String attemptId) {
        ObjectNode body = Json.object();
        if (pro) {
            KieAdapter.proInput(request, body);
            return new Call("POST", wiring.url("/v1/generate/k/nano-banana-pro"), Json.write(body));
        }
        Json.edit(request, body, "image_urls", "prompt", "image_size", "output_format");
        return new Call("POST", wiring.url("/v1/generate/k/nano-banana-edit"), Json.write(body));
    }
}
