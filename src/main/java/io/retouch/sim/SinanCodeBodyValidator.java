package io.retouch.sim;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a SinanCode Nano Banana Pro body (vendors.md §4.2 (b)): {@code prompt} ≤ 5000,
 * {@code image_input} ≤ 8 URLs, {@code aspect_ratio} one of ten (no {@code auto}),
 * {@code resolution}, {@code output_format} png|jpg. The endpoint also takes no image
 * (text-to-image); the simulator edits images only, so it asks for at least one.
 */
final class SinanCodeBodyValidator {

    /** The ten fixed ratios: SinanCode takes no {@code auto}. */
    private static final NanoBananaProInput FIELDS = new NanoBananaProInput("", 5_000,
            ImageGeometry.ASPECT_RATIOS.stream().filter(r -> !r.equals("auto")).toList(), "an image URL");

    /** The body as parameters, or the problem to answer 400 with. */
    record Result(EditParams params, String problem) {
    }

    Result validate(byte[] body) {
        JsonNode root;
        try {
            root = HttpReplies.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Result(null, "request body is not valid JSON");
        }
        if (root == null || !root.isObject()) return new Result(null, "request body must be a JSON object");
        List<String> problems = new ArrayList<>();
        EditParams params = FIELDS.read(root, problems);
        if (!problems.isEmpty()) return new Result(null, String.join("; ", problems));
        return new Result(params, null);
    }
}
