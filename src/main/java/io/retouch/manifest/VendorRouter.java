package io.retouch.manifest;

import io.retouch.spec.JobSpec;
import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Picks the vendor of each row at ingest, before anything is spent. A row naming a vendor goes
 * there or is rejected; any other row goes to the vendors of the lowest {@code priority} that can
 * serve it, split by {@code share}: each row goes to the capable vendor furthest behind its share,
 * so 24 rows over shares 2:1 come out 16:8. A row no vendor of the run can serve is rejected with
 * every vendor's reason.
 * <p>
 * A vendor that makes one image per call serves a row asking for more by running one task per
 * output ({@link Route#parts()}), each asking for one image: emulated, and paid per task.
 */
final class VendorRouter {

    /** Where a row goes, and as how many tasks. */
    record Route(String vendor, int parts) {}

    private final List<JobSpec.Vendor> vendors;
    /** The vendors by priority, lowest first. */
    private final Map<Integer, List<JobSpec.Vendor>> byPriority = new TreeMap<>();
    private final Function<String, Capabilities> capabilities;
    /** What each vendor accepts, looked up once (this runs for every row of the manifest). */
    private final Map<String, Capabilities> known = new HashMap<>();
    private final Map<String, Long> assigned;

    /** {@code alreadyAssigned}: rows per vendor ingested before (a restarted ingest continues the split). */
    VendorRouter(List<JobSpec.Vendor> vendors, Function<String, Capabilities> capabilities, Map<String, Long> alreadyAssigned) {
        this.vendors = List.copyOf(vendors);
        this.capabilities = capabilities;
        this.assigned = new HashMap<>(alreadyAssigned);
        for (JobSpec.Vendor v : this.vendors) byPriority.computeIfAbsent(v.priority(), p -> new ArrayList<>()).add(v);
    }

    /** @param override the row's own {@code vendor} column, or null */
    Route route(EditRequest edit, String override) {
        if (override != null) {
            JobSpec.Vendor chosen = vendors.stream().filter(v -> v.name().equals(override)).findFirst()
                    .orElseThrow(() -> new RowValidator.RowException("vendor '" + override
                            + "' is not one of this run's vendors " + vendors.stream().map(JobSpec.Vendor::name).toList()));
            String refusal = refusal(chosen, edit);
            if (refusal != null) throw new RowValidator.RowException("vendor '" + override + "' cannot serve this row: " + refusal);
            return assign(chosen, edit);
        }
        List<String> reasons = new ArrayList<>();
        for (List<JobSpec.Vendor> group : byPriority.values()) {
            JobSpec.Vendor best = null;
            for (JobSpec.Vendor v : group) {
                String refusal = refusal(v, edit);
                if (refusal != null) {
                    reasons.add(v.name() + ": " + refusal);
                } else if (best == null || behind(v) < behind(best)) {
                    best = v;
                }
            }
            if (best != null) return assign(best, edit);
        }
        if (vendors.size() == 1)
            throw new RowValidator.RowException("vendor '" + vendors.getFirst().name() + "' cannot serve this row: "
                    + reasons.getFirst().substring(vendors.getFirst().name().length() + 2));
        throw new RowValidator.RowException("no vendor of this run can serve this row: " + String.join("; ", reasons));
    }

    /** How full the vendor's share would be with one more row: lower is further behind. */
    private double behind(JobSpec.Vendor v) {
        return (assigned.getOrDefault(v.name(), 0L) + 1) / (double) v.share();
    }

    private Route assign(JobSpec.Vendor v, EditRequest edit) {
        assigned.merge(v.name(), 1L, Long::sum);
        int perCall = capabilities(v).maxNumImages();
        return new Route(v.name(), perCall >= edit.numImages() ? 1 : edit.numImages());
    }

    private Capabilities capabilities(JobSpec.Vendor v) {
        return known.computeIfAbsent(v.name(), capabilities);
    }

    /** Why the vendor cannot serve the edit, or null; one-image vendors serve more images by splitting. */
    private String refusal(JobSpec.Vendor v, EditRequest edit) {
        Capabilities caps = capabilities(v);
        boolean splittable = caps.maxNumImages() == 1 && edit.numImages() > 1;
        return caps.refusal(splittable ? new EditRequest(edit.prompt(), edit.imageUrls(), edit.aspectRatio(),
                edit.resolution(), edit.outputFormat(), 1, edit.seed()) : edit);
    }
}
