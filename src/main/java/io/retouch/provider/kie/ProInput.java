package io.retouch.provider.kie;

import io.retouch.provider.EditRequest;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Nano Banana Pro input fields kie.ai takes under {@code input} and its relay SinanCode takes at
 * the top level of its Pro path (vendors.md §4.2 (b), §5.2): {@code prompt}, {@code image_input},
 * {@code aspect_ratio}, {@code resolution}, {@code output_format} — which both spell {@code jpg}.
 */
final class ProInput {

    private ProInput() {
    }

    static void write(EditRequest request, ObjectNode fields) {
        fields.put("prompt", request.prompt());
        request.imageUrls().forEach(fields.putArray("image_input")::add);
        fields.put("aspect_ratio", request.aspectRatio());
        fields.put("resolution", request.resolution());
        fields.put("output_format", "jpeg".equals(request.outputFormat()) ? "jpg" : request.outputFormat());
    }
}
