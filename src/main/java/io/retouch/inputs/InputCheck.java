package io.retouch.inputs;

import io.retouch.manifest.ManifestRow;
import io.retouch.manifest.StoredInputs;
import io.retouch.spec.Manifest;
import io.retouch.spec.JobSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Before a run is recorded (or restarted): every vendor of the spec that {@link InputDelivery}
 * refuses stored inputs to, while the manifest has a row with such an input that may go to it.
 */
public final class InputCheck {

    private InputCheck() {
    }

    /** One problem per such vendor, keyed {@code vendors.NAME}, saying why and what to do. */
    public static List<String> problems(JobSpec spec, StoreReachability store,
                                        Supplier<? extends ItemStreamReader<ManifestRow>> rows) {
        List<String> problems = new ArrayList<>();
        if (spec.simulated() || spec.manifest() == null
                || spec.manifest() instanceof Manifest.CsvFile csv && !Files.isRegularFile(csv.path())) return problems;
        for (JobSpec.Vendor v : spec.vendors()) {
            InputDelivery.Decision decision = InputDelivery.decide(v.name(), false, store.current());
            if (decision.way() != InputDelivery.Way.REFUSED) continue;
            StoredInputs.Found found = StoredInputs.first(rows.get(), Set.of(v.name()));
            if (found == null) continue;
            String where = (spec.manifest() instanceof Manifest.Query ? "Manifest row " : "Manifest line ") + found.lineNo();
            problems.add("vendors." + v.name() + ": " + decision.reason() + ". " + where
                    + " has the input '" + found.input() + "', which would reach " + v.name() + " through that store."
                    + " Use an S3 store the vendor can reach (docs/production.md#s3), give inputs as http(s) URLs,"
                    + " or use a vendor that takes inline images (" + InputDelivery.inlineVendors() + ").");
        }
        return problems;
    }
}
