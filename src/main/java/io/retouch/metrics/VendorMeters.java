package io.retouch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.retouch.catalog.Prices;
import io.retouch.provider.VendorCall;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counters of vendor calls and of spend, in whatever process makes the calls. Only `retouch serve`
 * has a registry (Actuator's, published on /actuator/prometheus); other commands count into
 * Micrometer's global registry, which holds none and so keeps nothing.
 */
@Component
public class VendorMeters {

    private final MeterRegistry registry;

    @Autowired
    public VendorMeters(ObjectProvider<MeterRegistry> registry) {
        this(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    public VendorMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One vendor call, by what came of it on the wire: {@code retouch_vendor_calls_total{vendor,operation,outcome}}. */
    public void call(String vendor, VendorCall call) {
        registry.counter("retouch.vendor.calls", "vendor", vendor, "operation", call.operation(), "outcome", outcome(call))
                .increment();
    }

    /**
     * A submission the vendor took, so paid for: its published price ({@code retouch_spend_usd_total{vendor}}), or,
     * at a vendor that publishes none, its images ({@code retouch_unpriced_images_total{vendor}}), never a guess.
     */
    public void paid(String vendor, String resolution, int images) {
        Prices.perImage(vendor, resolution).ifPresentOrElse(
                price -> registry.counter("retouch.spend.usd", "vendor", vendor).increment(price.doubleValue() * images),
                () -> registry.counter("retouch.unpriced.images", "vendor", vendor).increment(images));
    }

    /** ok, rate-limited, client-error, server-error, no-answer (nothing came back), local (answered without a call). */
    static String outcome(VendorCall call) {
        int status = call.status();
        if (status == 0) return "LOCAL".equals(call.method()) ? "local" : "no-answer";
        if (status == 429) return "rate-limited";
        if (status >= 500) return "server-error";
        if (status >= 400) return "client-error";
        return "ok";
    }
}
