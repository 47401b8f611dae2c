package io.retouch.catalog;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What one output image costs at each vendor, by resolution, in US dollars, as published on
 * 2026-11-30 (sources and confidence in docs/vendors.md, "Prices"). A vendor whose price is not
 * published has none: spend and savings on it are shown as unpriced, never guessed.
 */
public final class Prices {

    /** Price of one image at 1K, 2K and 4K. */
    private record Tiers(String k1, String k2, String k4) {
        BigDecimal at(String resolution) {
            return new BigDecimal(switch (resolution == null ? "1K" : resolution) {
                case "2K" -> k2;
                case "4K" -> k4;
                default -> k1;
            });
        }
    }

    private static final Map<String, Tiers> PER_IMAGE = Map.of(
            // vendors.md §1 table: $0.15 · $0.15 · $0.30 [I] (Runflow's fal-schema mirror, eachlabs)
            "fal", new Tiers("0.15", "0.15", "0.30"),
            // the Runflow seed: "Base price: $0.15/image", flat
            "runflow", new Tiers("0.15", "0.15", "0.15"),
            "runflow-runs", new Tiers("0.15", "0.15", "0.15"),
            // vendors.md §7: output $0.134 at 1K/2K, $0.24 at 4K; the Batch API halves it [C2]
            "gemini", new Tiers("0.134", "0.134", "0.24"),
            "gemini-batch", new Tiers("0.067", "0.067", "0.12"));

    private Prices() {
    }

    /** The published price of one image of {@code resolution} at {@code vendor}, if there is one. */
    public static Optional<BigDecimal> perImage(String vendor, String resolution) {
        Tiers tiers = PER_IMAGE.get(vendor);
        return tiers == null ? Optional.empty() : Optional.of(tiers.at(resolution));
    }
}
