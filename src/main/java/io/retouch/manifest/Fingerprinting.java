package io.retouch.manifest;

import io.retouch.refresh.Fingerprint;
import io.retouch.refresh.InputDigests;
import io.retouch.task.NewTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * For a job that skips unchanged rows, hashes what each accepted row asks for (its inputs' bytes,
 * prompt and output parameters) so the writer can find an earlier edit of the same thing. A row
 * whose inputs cannot be read here is sent as usual: never skipped on a guess.
 */
public class Fingerprinting implements ItemProcessor<IngestItem, IngestItem> {

    private static final Logger log = LoggerFactory.getLogger(Fingerprinting.class);

    private final InputDigests digests;

    /** @param digests null when the job does not skip unchanged rows: every item passes as it is */
    public Fingerprinting(InputDigests digests) {
        this.digests = digests;
    }

    @Override
    public IngestItem process(IngestItem item) {
        if (digests == null || !(item instanceof IngestItem.Accepted accepted)) return item;
        NewTask task = accepted.task();
        List<String> hashes = new ArrayList<>();
        try {
            for (String input : task.request().inputs()) hashes.add(digests.of(input));
        } catch (IOException e) {
            log.warn("line {} ({}): not checked for an earlier edit, it will be sent: {}", task.lineNo(), task.itemKey(), e.getMessage());
            return item;
        }
        return new IngestItem.Accepted(task.withFingerprint(Fingerprint.of(task.request(), hashes, task.parts())));
    }
}
