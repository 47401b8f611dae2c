package io.retouch.provider.kie;

import io.retouch.provider.EditRequest;
import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/** SinanCode's seed path ({@code sinancode}, the original Nano Banana at about 1K) against the simulator. */
class SinanCodeEditContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return SinanCodeAdapter.SPEC;
    }

    /** Every field the page names, away from its default: the ratio as image_size, jpeg; no resolution field. */
    @Override
    protected EditRequest goldenRequest(String inputUrl) {
        return new EditRequest("Turn the jacket red", java.util.List.of(inputUrl), "16:9", "1K", "jpeg", 1, null);
    }
}
