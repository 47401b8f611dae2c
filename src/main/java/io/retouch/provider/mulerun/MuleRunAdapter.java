package io.retouch.provider.mulerun;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.InputTransport;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.TaskApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * MuleRun (MuleRouter) for {@code google/nano-banana-pro/edit}, as its page documents it (seed 000,
 * vendors.md §2): {@code POST /vendors/google/v1/nano-banana-pro/edit} answers 202
 * {@code {task_info{id,status}}}; one GET on the task both polls and collects. A failed task is an
 * HTTP 200 with {@code status: failed} and an error object. MuleRun documents no cancel endpoint and
 * carries no reference of ours.
 */
public final class MuleRunAdapter extends TaskApi {

    static final String EDIT_PATH = "/vendors/google/v1/nano-banana-pro/edit";

    /**
     * The page's enum: the ten fixed ratios (default 1:1), no "auto"; 1K and 2K only. No output_format
     * field (MuleRun delivers PNG). "Required array length: 1 - 10 elements" (the prose says 14): no more
     * than the schema allows. One image per task; the lead splits rows asking for more. No published
     * prompt limit; 10,000 is the largest any relay of this model documents.
     */
    static final Capabilities CAPABILITIES = new Capabilities(Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS),
            Set.of("1K", "2K"), Set.of("png"), 10, 1, 10_000, false);

    /** Its page: "Supports both image URLs and base64-encoded images … data:image/png;base64,…". */
    public static final VendorSpec SPEC = new VendorSpec("mulerun", "MuleRun", CAPABILITIES, "MULERUN_API_KEY",
            URI.create("https://api.mulerun.com"), Duration.ofSeconds(30), MuleRunAdapter::new)
            .taking(InputTransport.DATA_URI);

    /** HTTP error bodies are undocumented: any of the usual spellings is read. Codes 3001–3005, 4002, 4008 fail tasks. */
    static final ErrorTable ERRORS = ErrorTable.of("MuleRun")
            .codeAt("/error/code", "/error/type", "/error_code", "/code")
            .titleAt("/error/title", "/title")
            .messageAt("/error/detail", "/error/message", "/error", "/detail", "/message", "/error_message");

    /** Where a failed task keeps its code, title and detail: under {@code task_info}, then at the top. */
    private static final String[] FAILED_CODE_AT = {"/task_info/error/code", "/task_info/error/error_code",
            "/task_info/error_code", "/error/code", "/error/error_code", "/error_code"};
    private static final String[] FAILED_TITLE_AT = {"/task_info/error/title", "/task_info/error_title", "/error/title",
            "/error_title"};
    private static final String[] FAILED_DETAIL_AT = {"/task_info/error/detail", "/task_info/error/message",
            "/task_info/error", "/task_info/error_message", "/task_info/error_detail", "/error/detail", "/error/message",
            "/error", "/error_message", "/error_detail"};

    private static final Protocol PROTOCOL = Protocol
            // MuleRun's own CLI polls every 20 s; fitted to the task's age within 2 s .. 20 s.
            .polled(Duration.ofSeconds(2), Duration.ofSeconds(20))
            // task_id is an older page's spelling of task_info.id.
            .idAt("/task_info/id", "/task_info/task_id", "/task_id")
            .status(EDIT_PATH + "/{id}", "/task_info/status", "/status")
            // The edit page says pending/processing/completed/failed, the platform pages queued/running/succeeded/failed.
            .phases("pending queued", "processing running", "completed succeeded", "failed")
            // Plain URL strings per the docs; objects with a url are read too.
            .images("/images", "content_type");

    MuleRunAdapter(VendorSpec.Wiring wiring) {
        super(wiring, ERRORS, bearer(wiring), PROTOCOL);
    }

    /** {@code aspect_ratio} and {@code resolution} are always sent: MuleRun's defaults (1:1, 2K) are not Retouch's. */
    @Override
    protected Call submitCall(EditRequest request, String attemptId) {
        var body = Json.edit(request, Json.object(), "prompt", "images", "aspect_ratio", "resolution");
        return new Call("POST", wiring.url(EDIT_PATH), Json.write(body));
    }

    /**
     * The docs name a code, a title and a detail but not their keys (vendors.md §2.3): read
     * {@code error{code,title,detail}} under {@code task_info} or at the top, a string {@code error},
     * and the flat {@code error_code}/{@code error_message} spellings of the platform pages.
     */
    @Override
    protected VendorError failure(JsonNode task) {
        return errors.taskFailed(Json.first(task, FAILED_CODE_AT), ErrorTable.titled(Json.first(task, FAILED_TITLE_AT),
                Json.first(task, FAILED_DETAIL_AT), "MuleRun reported the task failed without saying why"));
    }
}
