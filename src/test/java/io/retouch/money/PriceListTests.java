package io.retouch.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.spec.JobSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden prices from the vendors' text (vendors.md §1 and §7, the Runflow seed), never from our own output. */
class PriceListTests {

    @Test
    void eachVendorResolutionAndModeHasItsPublishedPrice() {
        // vendors.md §7.1: "output $0.134/image at 1K or 2K, $0.24 at 4K …; Batch halves output ($0.067 / $0.12)"
        assertThat(PriceList.perImage("gemini", Map.of(), "2K")).contains(new BigDecimal("0.134"));
        assertThat(PriceList.perImage("gemini", Map.of(), "4K")).contains(new BigDecimal("0.24"));
        assertThat(PriceList.perImage("gemini-batch", Map.of(), "1K")).contains(new BigDecimal("0.067"));
        assertThat(PriceList.perImage("gemini-batch", Map.of(), "4K")).contains(new BigDecimal("0.12"));
        // the Runflow seed: "Base price: $0.15/image", both of its surfaces
        assertThat(PriceList.perImage("runflow-runs", Map.of(), "4K")).contains(new BigDecimal("0.15"));
        assertThat(PriceList.perImage("aimlapi", Map.of(), "1K")).isEmpty();
    }

    @Test
    void theSpecsPriceBeatsThePublishedOneWhereItGivesOne() {
        Map<String, BigDecimal> negotiated = Map.of("4K", new BigDecimal("0.25"));
        assertThat(PriceList.perImage("fal", negotiated, "4K")).contains(new BigDecimal("0.25"));
        assertThat(PriceList.perImage("fal", negotiated, "1K")).contains(new BigDecimal("0.15"));
        assertThat(PriceList.perImage("mulerun", Map.of("1K", new BigDecimal("0.09")), null)).contains(new BigDecimal("0.09"));
    }

    @Test
    void aTaskCostsItsImagesAndAnEstimateAddsItsRows() {
        JobSpec.Vendor fal = vendor("fal", JobSpec.Money.NONE);
        JobSpec.Vendor mulerun = vendor("mulerun", JobSpec.Money.NONE);
        assertThat(PriceList.ofTask(fal, "4K", 2)).contains(new BigDecimal("0.60"));

        Estimate estimate = new Estimate(new JobSpec("job", null, null, null, List.of(fal, mulerun), null, null, null, null, 1, null));
        estimate.add("fal", "1K", 1, 1);
        estimate.add("fal", "2K", 4, 1);
        estimate.add("mulerun", "1K", 1, 3); // one row of 3 images split into 3 one-image tasks
        assertThat(estimate.lines()).containsExactly(
                new Estimate.VendorLine("fal", 2, new BigDecimal("0.75"), 0),
                new Estimate.VendorLine("mulerun", 3, BigDecimal.ZERO, 3));
        assertThat(estimate.totalUsd()).isEqualByComparingTo("0.75");
        assertThat(estimate.unpricedTasks()).isEqualTo(3);
    }

    @Test
    void dollarsShowCentsAndEveryDigitOfAPrice() {
        assertThat(Usd.usd(new BigDecimal("3.4500"))).isEqualTo("$3.45");
        assertThat(Usd.usd(new BigDecimal("2"))).isEqualTo("$2.00");
        assertThat(Usd.usd(new BigDecimal("0.1340"))).isEqualTo("$0.134");
    }

    // Review: daily limits were counted by account name alone, so fal's `account: team` and runflow's shared them
    @Test
    void aDailyLimitIsCountedPerVendorAccountNotPerName() {
        JobSpec.Vendor fal = new JobSpec.Vendor("fal", null, 1, 0, 4, 10, JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(5), 5,
                null, "team", JobSpec.Money.NONE);
        JobSpec.Vendor runflow = new JobSpec.Vendor("runflow", null, 1, 0, 4, 10, JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(5), 5,
                null, "team", JobSpec.Money.NONE);
        JobSpec spec = new JobSpec("j", null, null, null, List.of(fal, runflow), null, null, null, null, 1, null);

        assertThat(Charge.of(spec, 1, fal, "1K", 1).account()).isEqualTo("fal/team");
        assertThat(Charge.of(spec, 1, runflow, "1K", 1).account()).isEqualTo("runflow/team");
    }

    private static JobSpec.Vendor vendor(String name, JobSpec.Money money) {
        return new JobSpec.Vendor(name, null, 1, 0, 4, 10, JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(5), 5, null, null, money);
    }
}
