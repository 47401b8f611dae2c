package io.retouch.manifest;

import io.retouch.catalog.VendorCatalog;
import io.retouch.spec.JobSpec;
import io.retouch.spec.SpecException;
import io.retouch.storage.ObjectStore;
import io.retouch.task.NewTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.stereotype.Component;

/**
 * Reads a spec's manifest as a run recorded now would ingest it — the same reader, row validation,
 * routing and splitting for one-image vendors — but records nothing and stages no input: what
 * `retouch run --dry-run` shows.
 */
@Component
public class ManifestPreview {

    private static final int LISTED_REJECTIONS = 5;

    private final ManifestSources manifests;
    private final ObjectStore store;

    public ManifestPreview(ManifestSources manifests, ObjectStore store) {
        this.manifests = manifests;
        this.store = store;
    }

    /** The rows read: how many became tasks, how many were rejected, and the first few rejections. */
    public record Rows(long accepted, long rejected, List<IngestItem.Rejected> firstRejections) {}

    /** Hands each accepted row to {@code accepted}, one at a time, so a manifest of any size streams. */
    public Rows read(JobSpec spec, Consumer<NewTask> accepted) throws Exception {
        List<String> problems = manifests.check(spec);
        if (!problems.isEmpty()) throw new SpecException(spec.specFile().toString(), problems);
        RowValidator validator = new RowValidator(0, spec, name -> VendorCatalog.find(name).orElseThrow().capabilities(),
                Map.of(), InputStager.namingOnly(store), store);
        long taken = 0;
        long rejected = 0;
        List<IngestItem.Rejected> first = new ArrayList<>();
        AbstractItemCountingItemStreamItemReader<ManifestRow> reader = manifests.openBefore(spec);
        reader.open(new ExecutionContext());
        try {
            for (ManifestRow row = reader.read(); row != null; row = reader.read()) {
                switch (validator.process(row)) {
                    case IngestItem.Accepted a -> {
                        taken++;
                        accepted.accept(a.task());
                    }
                    case IngestItem.Rejected r -> {
                        if (rejected++ < LISTED_REJECTIONS) first.add(r);
                    }
                    case null -> { } // a blank line, skipped as ingest skips it
                }
            }
        } finally {
            reader.close();
        }
        return new Rows(taken, rejected, first);
    }
}
