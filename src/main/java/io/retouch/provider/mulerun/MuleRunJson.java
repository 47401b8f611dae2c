package io.retouch.provider.mulerun;

import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.http.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** MuleRun's JSON bodies: the submit request we send and the fields we read from its answers. */
final class MuleRunJson {

    /** A failed task's error as MuleRun reported it; every part may be null. */
    record TaskError(String code, String title, String detail) {

        String message() {
            if (title != null && detail != null && !detail.equals(title)) return title + ": " + detail;
            if (detail != null) return detail;
            if (title != null) return title;
            return "MuleRun reported the task failed without saying why";
        }
    }

    private MuleRunJson() {
    }

    /**
     * The edit input (vendors.md §2.2). MuleRun has no num_images, output_format or seed field.
     * {@code aspect_ratio} and {@code resolution} are always sent: MuleRun's defaults (1:1, 2K) are
     * not Retouch's.
     */
    static String submitBody(EditRequest request) {
        ObjectNode body = Json.object();
        body.put("prompt", request.prompt());
        request.imageUrls().forEach(body.putArray("images")::add);
        body.put("aspect_ratio", request.aspectRatio());
        body.put("resolution", request.resolution());
        return Json.write(body);
    }

    /** The task id of a submit answer: {@code task_info.id}, else {@code task_info.task_id} (an older page's spelling). */
    static String taskId(JsonNode body) {
        JsonNode info = body.path("task_info");
        String id = Json.text(info, "id");
        if (id == null) id = Json.text(info, "task_id");
        if (id == null) id = Json.text(body, "task_id");
        return id;
    }

    /** The status word, from {@code task_info.status} (or a bare {@code status}); null when absent. */
    static String statusWord(JsonNode body) {
        String status = Json.text(body.path("task_info"), "status");
        return status != null ? status : Json.text(body, "status");
    }

    /** The output images: plain URL strings per the docs; objects with a {@code url} are read too. */
    static List<OutputRef> images(JsonNode body) {
        List<OutputRef> outputs = new ArrayList<>();
        for (JsonNode image : body.path("images").values()) {
            String url = image.isString() ? image.stringValue() : Json.text(image, "url");
            if (url == null) continue;
            url = url.strip();
            if (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("data:"))
                outputs.add(new OutputRef(url, image.isObject() ? Json.text(image, "content_type") : null));
        }
        return outputs;
    }

    /**
     * A failed task's error, wherever MuleRun put it. The docs name a code, a title and a detail but
     * not their keys (vendors.md §2.3): read {@code error{code,title,detail}} under {@code task_info}
     * or at the top, a string {@code error}, and the flat {@code error_code}/{@code error_message}
     * spellings of the platform pages.
     */
    static TaskError taskError(JsonNode body) {
        JsonNode info = body.path("task_info");
        String code = null, title = null, detail = null;
        for (JsonNode holder : List.of(info, body)) {
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
        return new TaskError(code, title, detail);
    }

    private static String first(String... values) {
        for (String value : values) if (value != null) return value;
        return null;
    }
}
