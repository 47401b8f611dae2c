package io.retouch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retouch.provider.VendorCall;
import org.junit.jupiter.api.Test;

/** Vendor calls by outcome, and spend at the published price; unpriced vendors apart, never guessed. */
class VendorMetersTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VendorMeters meters = new VendorMeters(registry);

    @Test
    void callsAreCountedByVendorOperationAndOutcome() {
        meters.call("fal", new VendorCall("submit", "POST", "u", 200, 5, null, null));
        meters.call("fal", new VendorCall("submit", "POST", "u", 429, 5, null, null));
        meters.call("fal", new VendorCall("status", "GET", "u", 503, 5, null, null));
        meters.call("fal", new VendorCall("status", "GET", "u", 0, 5, null, "timeout"));
        meters.call("gemini", VendorCall.local("status", "u", null, "held"));

        assertThat(count("fal", "submit", "ok")).isEqualTo(1);
        assertThat(count("fal", "submit", "rate-limited")).isEqualTo(1);
        assertThat(count("fal", "status", "server-error")).isEqualTo(1);
        assertThat(count("fal", "status", "no-answer")).isEqualTo(1);
        assertThat(count("gemini", "status", "local")).isEqualTo(1);
    }

    @Test
    void spendIsThePublishedPriceTimesTheImagesAsked() {
        meters.paid("fal", "4K", 2);
        meters.paid("fal", "1K", 1);
        meters.paid("mulerun", "1K", 3);

        assertThat(registry.get("retouch.spend.usd").tag("vendor", "fal").counter().count()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(registry.find("retouch.spend.usd").tag("vendor", "mulerun").counter()).isNull();
        assertThat(registry.get("retouch.unpriced.images").tag("vendor", "mulerun").counter().count()).isEqualTo(3);
    }

    private double count(String vendor, String operation, String outcome) {
        return registry.get("retouch.vendor.calls").tags("vendor", vendor, "operation", operation, "outcome", outcome).counter().count();
    }
}
