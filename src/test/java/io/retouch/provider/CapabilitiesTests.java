package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.fal.FalAdapter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A request the vendor cannot serve is refused with a reason before any money is spent. */
class CapabilitiesTests {

    /** A deliberately narrow vendor, so that every limit can be crossed. */
    private final Capabilities narrow = new Capabilities(Set.of("1:1", "16:9"), Set.of("1K"), Set.of("png", "jpeg"),
            2, 2, 20, false);

    private static EditRequest request(String prompt, List<String> images, String aspect, String resolution,
                                       String format, int numImages, Long seed) {
        return new EditRequest(prompt, images, aspect, resolution, format, numImages, seed);
    }

    private static final List<String> ONE = List.of("https://x/a.png");

    @Test
    void aRequestWithinEveryLimitIsServed() {
        assertThat(narrow.refusal(request("p", ONE, "1:1", "1K", "png", 1, null))).isNull();
        assertThat(narrow.refusal(request("x".repeat(20), List.of("a", "b"), "16:9", "1K", "jpeg", 2, null))).isNull();
    }

    @Test
    void eachLimitGivesItsOwnReason() {
        assertThat(narrow.refusal(request(" ", ONE, "1:1", "1K", "png", 1, null))).isEqualTo("prompt is empty");
        assertThat(narrow.refusal(request(null, ONE, "1:1", "1K", "png", 1, null))).isEqualTo("prompt is empty");
        assertThat(narrow.refusal(request("x".repeat(21), ONE, "1:1", "1K", "png", 1, null)))
                .isEqualTo("prompt has 21 characters; the vendor accepts at most 20");
        assertThat(narrow.refusal(request("p", List.of(), "1:1", "1K", "png", 1, null))).isEqualTo("no input image");
        assertThat(narrow.refusal(request("p", List.of("a", "b", "c"), "1:1", "1K", "png", 1, null)))
                .isEqualTo("3 input images; the vendor accepts at most 2");
        assertThat(narrow.refusal(request("p", ONE, "4:3", "1K", "png", 1, null)))
                .isEqualTo("aspect ratio '4:3' is not one of [16:9, 1:1]");
        assertThat(narrow.refusal(request("p", ONE, "1:1", "4K", "png", 1, null)))
                .isEqualTo("resolution '4K' is not one of [1K]");
        assertThat(narrow.refusal(request("p", ONE, "1:1", "1K", "webp", 1, null)))
                .isEqualTo("output format 'webp' is not one of [jpeg, png]");
        assertThat(narrow.refusal(request("p", ONE, "1:1", "1K", "png", 0, null))).isEqualTo("num_images 0 is outside 1..2");
        assertThat(narrow.refusal(request("p", ONE, "1:1", "1K", "png", 3, null))).isEqualTo("num_images 3 is outside 1..2");
        assertThat(narrow.refusal(request("p", ONE, "1:1", "1K", "png", 1, 7L))).isEqualTo("the vendor does not accept a seed");
    }

    @Test
    void aSeedIsFineForAVendorThatTakesOne() {
        Capabilities seeded = new Capabilities(Set.of("1:1"), Set.of("1K"), Set.of("png"), 1, 1, 100, true);

        assertThat(seeded.refusal(request("p", ONE, "1:1", "1K", "png", 1, 7L))).isNull();
    }

    @Test
    void theFirstProblemFoundIsTheOneReported() {
        assertThat(narrow.refusal(request("", List.of(), "4:3", "4K", "gif", 9, 1L))).isEqualTo("prompt is empty");
        assertThat(narrow.refusal(request("p", ONE, "4:3", "4K", "gif", 9, 1L))).startsWith("aspect ratio");
    }

    @Test
    void everyValueOfTheSharedVocabularyIsSomethingFalServes() {
        Capabilities fal = FalAdapter.SPEC.capabilities();

        assertThat(fal.aspectRatios()).containsExactlyInAnyOrderElementsOf(EditVocabulary.ASPECT_RATIOS);
        assertThat(fal.resolutions()).containsExactlyInAnyOrderElementsOf(EditVocabulary.RESOLUTIONS);
        assertThat(fal.outputFormats()).containsExactlyInAnyOrderElementsOf(EditVocabulary.OUTPUT_FORMATS);
        assertThat(fal.maxNumImages()).isEqualTo(EditVocabulary.MAX_NUM_IMAGES);
    }
}
