package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.spec.JobSpec;
import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing at ingest: shares, priorities, per-row overrides, and rows no vendor can serve (DESIGN §5). */
class VendorRouterTests {

    /** Like fal: every ratio incl. auto, 4 images per call, webp. */
    private static final Capabilities WIDE = new Capabilities(Set.of("auto", "1:1", "16:9"), Set.of("1K", "2K", "4K"),
            Set.of("png", "jpeg", "webp"), 14, 4, 10_000, true);
    /** Like MuleRun: no auto, no 4K, one image per call, png only, no seed. */
    private static final Capabilities NARROW = new Capabilities(Set.of("1:1", "16:9"), Set.of("1K", "2K"),
            Set.of("png"), 10, 1, 5_000, false);
    private static final Map<String, Capabilities> CAPS = Map.of("wide", WIDE, "narrow", NARROW, "other", NARROW);

    private static JobSpec.Vendor vendor(String name, int share, int priority) {
        return new JobSpec.Vendor(name, null, share, priority, 4, 10, JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(5), 5, null, null, null);
    }

    private static EditRequest edit(String aspect, String format, int numImages) {
        return new EditRequest("p", List.of("https://example.com/a.png"), aspect, "1K", format, numImages, null);
    }

    private static VendorRouter router(JobSpec.Vendor... vendors) {
        return new VendorRouter(List.of(vendors), CAPS::get, Map.of());
    }

    @Test
    void rowsAreSplitExactlyBySharesAmongVendorsThatCanServeThem() {
        VendorRouter router = router(vendor("wide", 2, 0), vendor("narrow", 1, 0));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 24; i++) counts.merge(router.route(edit("1:1", "png", 1), null).vendor(), 1, Integer::sum);
        assertThat(counts).isEqualTo(Map.of("wide", 16, "narrow", 8));
    }

    @Test
    void aRowOnlyOneVendorCanServeGoesThereWithoutSkewingTheRest() {
        VendorRouter router = router(vendor("wide", 1, 0), vendor("narrow", 1, 0));
        assertThat(router.route(edit("auto", "webp", 1), null).vendor()).isEqualTo("wide");
        assertThat(router.route(edit("1:1", "png", 1), null).vendor()).isEqualTo("narrow");
    }

    @Test
    void aHigherPriorityNumberIsOnlyAFallback() {
        VendorRouter router = router(vendor("narrow", 1, 0), vendor("wide", 5, 1));
        for (int i = 0; i < 5; i++) assertThat(router.route(edit("1:1", "png", 1), null).vendor()).isEqualTo("narrow");
        assertThat(router.route(edit("auto", "png", 1), null).vendor()).as("narrow cannot do auto").isEqualTo("wide");
    }

    @Test
    void aRestartedIngestContinuesTheSplitWhereItStopped() {
        VendorRouter router = new VendorRouter(List.of(vendor("wide", 1, 0), vendor("narrow", 1, 0)), CAPS::get,
                Map.of("wide", 3L, "narrow", 1L));
        assertThat(router.route(edit("1:1", "png", 1), null).vendor()).isEqualTo("narrow");
        assertThat(router.route(edit("1:1", "png", 1), null).vendor()).isEqualTo("narrow");
    }

    @Test
    void aRowMayNameItsVendor() {
        VendorRouter router = router(vendor("wide", 9, 0), vendor("narrow", 1, 0));
        assertThat(router.route(edit("1:1", "png", 1), "narrow").vendor()).isEqualTo("narrow");
    }

    @Test
    void aNamedVendorMustBeTheRunsAndAbleToServeTheRow() {
        VendorRouter router = router(vendor("wide", 1, 0), vendor("narrow", 1, 0));
        assertThatThrownBy(() -> router.route(edit("1:1", "png", 1), "midjourney"))
                .hasMessage("vendor 'midjourney' is not one of this run's vendors [wide, narrow]");
        assertThatThrownBy(() -> router.route(edit("auto", "png", 1), "narrow"))
                .hasMessageStartingWith("vendor 'narrow' cannot serve this row: aspect ratio 'auto' is not one of");
    }

    @Test
    void aRowNoVendorCanServeIsRejectedWithEveryVendorsReason() {
        VendorRouter router = router(vendor("narrow", 1, 0), vendor("other", 1, 1));
        assertThatThrownBy(() -> router.route(edit("auto", "png", 1), null))
                .hasMessage("no vendor of this run can serve this row: narrow: aspect ratio 'auto' is not one of"
                        + " [16:9, 1:1]; other: aspect ratio 'auto' is not one of [16:9, 1:1]");
    }

    @Test
    void aSingleVendorRunNamesItsVendorLikeBefore() {
        assertThatThrownBy(() -> router(vendor("narrow", 1, 0)).route(edit("1:1", "webp", 1), null))
                .hasMessage("vendor 'narrow' cannot serve this row: output format 'webp' is not one of [png]");
    }

    @Test
    void moreImagesThanAOneImageVendorMakesPerCallBecomeOneTaskPerImage() {
        assertThat(router(vendor("narrow", 1, 0)).route(edit("1:1", "png", 3), null))
                .isEqualTo(new VendorRouter.Route("narrow", 3));
        assertThat(router(vendor("wide", 1, 0)).route(edit("1:1", "png", 3), null))
                .isEqualTo(new VendorRouter.Route("wide", 1));
    }
}
