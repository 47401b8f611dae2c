package io.retouch.provider.fal;

import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows fal cannot serve are refused at ingest, before money is spent (vendors.md §8). */
class FalCapabilitiesTests {

    private final Capabilities fal = FalCapabilities.NANO_BANANA_PRO_EDIT;

    @Test
    void acceptsWhatFalsSchemaAllows() {
        List<String> fourteen = Collections.nCopies(14, "https://i/a.png");

        assertThat(fal.refusal(new EditRequest("p", fourteen, "21:9", "4K", "webp", 4, 7L))).isNull();
        assertThat(fal.refusal(new EditRequest("p", List.of("https://i/a.png"), "auto", "1K", "jpeg", 1, null))).isNull();
    }

    @Test
    void refusesWhatFalWouldReject() {
        List<String> one = List.of("https://i/a.png");

        assertThat(fal.refusal(new EditRequest("p", Collections.nCopies(15, "https://i/a.png"), "auto", "1K", "png", 1, null)))
                .contains("at most 14");
        assertThat(fal.refusal(new EditRequest("p", one, "7:3", "1K", "png", 1, null))).contains("aspect ratio");
        assertThat(fal.refusal(new EditRequest("p", one, "auto", "8K", "png", 1, null))).contains("resolution");
        assertThat(fal.refusal(new EditRequest("p", one, "auto", "1K", "jpg", 1, null))).contains("output format");
        assertThat(fal.refusal(new EditRequest("p", one, "auto", "1K", "png", 5, null))).contains("num_images");
        assertThat(fal.refusal(new EditRequest("x".repeat(10_001), one, "auto", "1K", "png", 1, null))).contains("10000");
    }
}
