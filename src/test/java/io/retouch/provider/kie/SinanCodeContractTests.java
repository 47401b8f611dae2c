package io.retouch.provider.kie;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/** SinanCode's Pro path ({@code sinancode-pro}) against the simulator's SinanCode protocol. */
class SinanCodeContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return SinanCodeAdapter.PRO_SPEC;
    }
}
