package io.retouch.spec;

import io.retouch.catalog.Prices;
import io.retouch.provider.EditVocabulary;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The money keys of a spec: a run's {@code budget:}, and each vendor's price and daily limits. */
final class MoneyReader {

    private static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000);

    private MoneyReader() {
    }

    /** {@code budget:} the most the run may spend, in USD (null: no limit). */
    static BigDecimal budget(SpecReader r, List<JobSpec.Vendor> vendors) {
        BigDecimal budget = r.has("budget") ? r.parsed("budget", null, MoneyReader::usd) : null;
        if (budget != null)
            for (JobSpec.Vendor v : vendors) requirePrice(r, "budget", v.name(), v.money());
        return budget;
    }

    /**
     * {@code price-per-image:} what the account pays per output image, one amount for every resolution
     * or one per resolution (it beats the published price); {@code daily-budget:} USD and
     * {@code daily-cap:} submissions the account may spend or make per UTC day, across every run.
     */
    static JobSpec.Money vendor(SpecReader r, String vendor) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        if (r.isMapping("price-per-image")) {
            SpecReader perResolution = r.section("price-per-image", false);
            perResolution.onlyKnown(Set.copyOf(EditVocabulary.RESOLUTIONS));
            for (String res : EditVocabulary.RESOLUTIONS) {
                BigDecimal price = perResolution.has(res) ? perResolution.parsed(res, null, MoneyReader::usd) : null;
                if (price != null) prices.put(res, price);
            }
        } else if (r.has("price-per-image")) {
            BigDecimal price = r.parsed("price-per-image", null, MoneyReader::usd);
            if (price != null) EditVocabulary.RESOLUTIONS.forEach(res -> prices.put(res, price));
        }
        JobSpec.Money money = new JobSpec.Money(prices,
                r.has("daily-budget") ? r.parsed("daily-budget", null, MoneyReader::usd) : null,
                r.has("daily-cap") ? (int) r.integer("daily-cap", 1, 1, 10_000_000) : null);
        if (money.dailyBudget() != null) requirePrice(r, "daily-budget", vendor, money);
        return money;
    }

    /**
     * A limit in dollars can only be kept when every task has a price: a vendor with no published
     * price needs one in the spec, for every resolution a row may ask for.
     */
    private static void requirePrice(SpecReader r, String limit, String vendor, JobSpec.Money money) {
        if (vendor == null) return; // its name is reported already
        List<String> missing = EditVocabulary.RESOLUTIONS.stream()
                .filter(res -> !money.pricePerImage().containsKey(res) && Prices.perImage(vendor, res).isEmpty())
                .toList();
        if (missing.isEmpty()) return;
        r.problem(limit, "cannot be kept: vendor '" + vendor + "' has no published price"
                + (missing.size() < EditVocabulary.RESOLUTIONS.size() ? " at " + String.join(", ", missing) : "")
                + "; give what it charges you under that vendor, as 'price-per-image: 0.10' (USD, every resolution)"
                + " or 'price-per-image: {1K: 0.10, 2K: 0.10, 4K: 0.20}'");
    }

    /** An amount in US dollars, as a plain number: above 0, at most $1,000,000, to a hundredth of a cent. */
    private static BigDecimal usd(String raw) {
        BigDecimal usd;
        try {
            usd = new BigDecimal(raw.startsWith("$") ? raw.substring(1) : raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw + "' is not an amount in US dollars (e.g. 12.50)");
        }
        if (usd.signum() <= 0 || usd.compareTo(MAX_USD) > 0)
            throw new IllegalArgumentException("must be above 0 and at most 1000000 (USD), got " + raw);
        if (usd.stripTrailingZeros().scale() > 4)
            throw new IllegalArgumentException("'" + raw + "' has more than 4 decimals (a hundredth of a cent)");
        return usd;
    }
}
