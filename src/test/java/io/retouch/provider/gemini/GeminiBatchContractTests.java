package io.retouch.provider.gemini;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.SubmitOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Gemini Batch: rows go out in batches (a short window here), results arrive inline when the batch is done. */
class GeminiBatchContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return GeminiBatchAdapter.SPEC;
    }

    @Override
    protected Map<String, String> extraEnv() {
        return Map.of(BatchWindow.Limits.MAX_WAIT, "200ms");
    }

    @Override
    protected boolean outputsAreUrls() {
        return false;
    }

    @Override
    protected String unknownId() {
        return "batches/0000000000000000dead#00000000-0000-4000-8000-00000000dead";
    }

    @Test
    void concurrentRowsShareOneSimulatedBatchAndEachGetsItsOwnImage() throws Exception {
        faults("task-failed=0.5");
        List<Future<SubmitOutcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                String prompt = "row " + i;
                futures.add(pool.submit(() -> submit(prompt)));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<SubmitOutcome> f : futures) ids.add(accepted(f.get()));
        assertThat(ids).extracting(id -> id.substring(0, id.indexOf('#'))).as("one batch").containsOnly(
                ids.getFirst().substring(0, ids.getFirst().indexOf('#')));
        assertThat(sim.ledger().countsByVendor().get("gemini-batch")).as("every row is paid once").isEqualTo(4);
        int images = 0, failures = 0;
        for (String id : ids) {
            CollectOutcome collected;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (true) {
                if (System.nanoTime() > deadline) throw new AssertionError(id + " did not finish in 20 s");
                var poll = adapter.poll(id);
                if (poll instanceof io.retouch.provider.PollOutcome.Finished) {
                    collected = adapter.collect(id);
                    break;
                }
                if (poll instanceof io.retouch.provider.PollOutcome.Failed) throw new AssertionError("batch failed: " + poll);
                Thread.sleep(100);
            }
            if (collected instanceof CollectOutcome.Outputs) images++;
            else if (collected instanceof CollectOutcome.Failed f && f.error().vendorCode().equals("INTERNAL")) failures++;
        }
        assertThat(images + failures).isEqualTo(4);
    }
}
