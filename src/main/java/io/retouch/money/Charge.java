package io.retouch.money;

import io.retouch.spec.JobSpec;
import java.math.BigDecimal;

/**
 * One paid submission about to be made, and the limits it must fit: the run's budget, and its
 * vendor account's daily budget and daily cap. {@code priceUsd} null: the vendor has no price (only
 * allowed without a dollar limit, which the spec loader enforces); null limits: none.
 */
public record Charge(long runId, String vendor, String account, BigDecimal priceUsd,
                     BigDecimal runBudget, BigDecimal dailyBudget, Integer dailyCap) {

    public static Charge of(JobSpec spec, long runId, JobSpec.Vendor vendor, String resolution, int numImages) {
        // an account is the vendor and its name, as for the rate and slot limits: `account: team` of fal and of runflow are two
        return new Charge(runId, vendor.name(), vendor.name() + "/" + vendor.account(), PriceList.ofTask(vendor, resolution, numImages).orElse(null),
                spec.budget(), vendor.money().dailyBudget(), vendor.money().dailyCap());
    }

    /** What is reserved on the counters: an unpriced submission counts towards the cap only. */
    BigDecimal reserved() {
        return priceUsd == null ? BigDecimal.ZERO : priceUsd;
    }
}
