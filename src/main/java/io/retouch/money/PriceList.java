package io.retouch.money;

import io.retouch.catalog.Prices;
import io.retouch.spec.JobSpec;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What a task costs: the spec's {@code price-per-image} of its vendor where it gives one (a negotiated
 * price, or a vendor with none published), else the published price ({@link Prices}), times the
 * images the task orders. Empty: the vendor has no price, and spend on it is shown as unpriced.
 */
public final class PriceList {

    private PriceList() {
    }

    /** {@code overrides}: the spec's price-per-image of the vendor, by resolution. */
    public static Optional<BigDecimal> perImage(String vendor, Map<String, BigDecimal> overrides, String resolution) {
        BigDecimal stated = overrides.get(resolution == null ? "1K" : resolution);
        return stated != null ? Optional.of(stated) : Prices.perImage(vendor, resolution);
    }

    public static Optional<BigDecimal> ofTask(JobSpec.Vendor vendor, String resolution, int numImages) {
        return perImage(vendor.name(), vendor.money().pricePerImage(), resolution)
                .map(price -> price.multiply(BigDecimal.valueOf(numImages)));
    }
}
