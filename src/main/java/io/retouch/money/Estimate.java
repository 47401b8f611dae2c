package io.retouch.money;

import io.retouch.spec.JobSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run of a spec would pay, vendor by vendor, at the spec's prices: added up row by row. */
public final class Estimate {

    /** One vendor's paid calls (tasks), and what they cost; {@code unpricedTasks} of them have no price. */
    public record VendorLine(String vendor, long tasks, BigDecimal usd, long unpricedTasks) {}

    private final Map<String, JobSpec.Vendor> vendors = new LinkedHashMap<>();
    private final Map<String, VendorLine> lines = new LinkedHashMap<>();

    public Estimate(JobSpec spec) {
        for (JobSpec.Vendor v : spec.vendors()) {
            vendors.put(v.name(), v);
            lines.put(v.name(), new VendorLine(v.name(), 0, BigDecimal.ZERO, 0));
        }
    }

    /** A row routed to {@code vendor}: {@code tasks} paid calls of {@code numImages} images each. */
    public void add(String vendor, String resolution, int numImages, int tasks) {
        VendorLine line = lines.get(vendor);
        var price = PriceList.ofTask(vendors.get(vendor), resolution, numImages);
        lines.put(vendor, new VendorLine(vendor, line.tasks() + tasks,
                price.map(p -> line.usd().add(p.multiply(BigDecimal.valueOf(tasks)))).orElse(line.usd()),
                line.unpricedTasks() + (price.isEmpty() ? tasks : 0)));
    }

    public List<VendorLine> lines() {
        return List.copyOf(lines.values());
    }

    /** The priced part of the spend; tasks at vendors with no price are not in it. */
    public BigDecimal totalUsd() {
        return lines.values().stream().map(VendorLine::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public long unpricedTasks() {
        return lines.values().stream().mapToLong(VendorLine::unpricedTasks).sum();
    }
}
