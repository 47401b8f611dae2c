package io.retouch.provider.mulerun;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollPacing;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.ErrorTable;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.Outputs;
import io.retouch.provider.http.TaskApi;
import io.retouch.provider.http.VendorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MuleRun (MuleRouter) for {@code google/nano-banana-pro/edit}, as its page documents it (seed 000,
 * vendors.md §2): {@code POST /vendors/google/v1/nano-banana-pro/edit} answers 202
 * {@code {task_info{id,status}}}; one GET on the task both polls and collects. A failed task is an
 * HTTP 200 with {@code status: failed} and an error object. MuleRun documents no cancel endpoint and
 * carries no reference of ours.
 */
public final class MuleRunAdapter extends TaskApi {

    static final String EDIT_PATH = "/vendors/google/v1/nano-banana-pro/edit";

    static final Capabilities CAPABILITIES = new Capabilities(
            // The page's enum: the ten fixed ratios (default 1:1), no "auto"; 1K and 2K only.
            Set.copyOf(EditVocabulary.FIXED_ASPECT_RATIOS), Set.of("1K", "2K"),
            // No output_format field; MuleRun delivers PNG.
            Set.of("png"),
            // "Required array length: 1 - 10 elements" (the prose says 14): no more than the schema allows.
            10,
            // One image per task; the lead splits rows asking for more.
            1,
            // No published prompt limit; 10,000 is the largest any relay of this model documents.
            10_000, false);

    public static final VendorSpec SPEC = new VendorSpec("mulerun", "MuleRun", CAPABILITIES, "MULERUN_API_KEY",
            URI.create("https://api.mulerun.com"), Duration.ofSeconds(30), MuleRunAdapter::new);

    /** HTTP error bodies are undocumented: any of the usual spellings is read. Codes 3001–3005, 4002, 4008 fail tasks. */
    static final ErrorTable ERRORS = ErrorTable.of("MuleRun")
            .codeAt("/error/code", "/error/type", "/error_code", "/code")
            .titleAt("/error/title", "/title")
            .messageAt("/error/detail", "/error/message", "/error", "/detail", "/message", "/error_message");

    /** The edit page says pending/processing/completed/failed, the platform pages queued/running/succeeded/failed. */
    private static final Map<String, Phase> PHASES = phases(
            "pending queued", "processing running", "completed succeeded", "failed");

    MuleRunAdapter(VendorSpec.Wiring wiring) {
        // MuleRun's own CLI polls every 20 s; fitted to the task's age within 2 s .. 20 s.
        super(wiring, ERRORS, bearer(wiring), new PollPacing(Duration.ofSeconds(2), Duration.ofSeconds(20), 0.1),
                PHASES);
    }

    /** {@code aspect_ratio} and {@code resolution} are always sent: MuleRun's defaults (1:1, 2K) are not Retouch's. */
    @Override
    protected Call submitCall(EditRequest request, String attemptId) {
        ObjectNode body = Json.object();
        body.put("prompt", request.prompt());
        request.imageUrls().forEach(body.putArray("images")::add);
        body.put("aspect_ratio", request.aspectRatio());
        body.put("resolution", request.resolution());
        return new Call("POST", wiring.url(EDIT_PATH), Json.write(body));
    }

    /** {@code task_info.id}; {@code task_id} is an older page's spelling. */
    @Override
    protected String taskId(JsonNode answer) {
        JsonNode info = answer.path("task_info");
        String id = Json.text(info, "id");
        if (id == null) id = Json.text(info, "task_id");
        return id != null ? id : Json.text(answer, "task_id");
    }

    @Override
    protected URI statusUrl(String taskId) {
        return wiring.url(EDIT_PATH + "/" + segment(taskId));
    }

    @Override
    protected String statusWord(JsonNode task) {
        String status = Json.text(task.path("task_info"), "status");
        return status != null ? status : Json.text(task, "status");
    }

    /** Plain URL strings per the docs; objects with a {@code url} are read too. */
    @Override
    protected List<OutputRef> outputs(JsonNode result) {
        return Outputs.read(result.path("images"), "url", "content_type");
    }

    /**
     * The docs name a code, a title and a detail but not their keys (vendors.md §2.3): read
     * {@code error{code,title,detail}} under {@code task_info} or at the top, a string {@code error},
     * and the flat {@code error_code}/{@code error_message} spellings of the platform pages.
     */
    @Override
    protected VendorError failure(JsonNode task) {
        String code = null, title = null, detail = null;
        for (JsonNode holder : List.of(task.path("task_info"), task)) {
            JsonNode error = holder.path("error");
            if (error.isObject()) {
                code = first(code, Json.code(error, "code"), Json.code(error, "error_code"));
                title = first(title, Json.text(error, "title"));
                detail = first(detail, Json.text(error, "detail"), Json.text(error, "message"));
            } else if (error.isString() && !error.stringValue().isBlank()) {
                detail = first(detail, error.stringValue());
            }
            code = first(code, Json.code(holder, "error_code"));
            title = first(title, Json.text(holder, "error_title"));
            detail = first(detail, Json.text(holder, "error_message"), Json.text(holder, "error_detail"));
        }
        String message = title != null && detail != null && !detail.equals(title) ? title + ": " + detail
                : detail != null ? detail : title;
        return errors.taskFailed(code, message != null ? message : "MuleRun reported the task failed without saying why");
    }

    private static String first(String... values) {
        for (String value : values) if (value != null) return value;
        return null;
    }
}
