package io.retouch.vendor.gemini.batch;

import io.retouch.vendor.VendorContractTests;
import io.retouch.vendor.VendorDefinition;
import java.util.Map;

/** Gemini Batch: rows go out in batches (a short window here), results arrive inline when the batch is done. */
class GeminiBatchContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return new GeminiBatchVendor();
    }

    @Override
    protected Map<String, String> extraEnv() {
        return Map.of(BatchLimits.MAX_WAIT, "200ms");
    }

    @Override
    protected boolean outputsAreUrls() {
        return false;
    }

    @Override
    protected String unknownId() {
        return "batches/0000000000000000dead#00000000-0000-4000-8000-00000000dead";
    }
}
