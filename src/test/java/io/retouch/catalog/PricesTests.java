package io.retouch.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricesTests {

    @Test
    void publishedPricesByResolutionAndNoneWhereNothingIsPublished() {
        // the Runflow seed: "Base price: $0.15/image"
        assertThat(Prices.perImage("runflow", "4K")).contains(new BigDecimal("0.15"));
        assertThat(Prices.perImage("fal", "4K")).contains(new BigDecimal("0.30"));
        assertThat(Prices.perImage("gemini-batch", "1K")).contains(new BigDecimal("0.067"));
        assertThat(Prices.perImage("mulerun", "1K")).isEmpty();
        for (String vendor : VendorCatalog.names()) Prices.perImage(vendor, "2K"); // never throws for a known vendor
    }
}
