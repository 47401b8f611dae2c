package io.retouch.provider.sinancode;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/** SinanCode against the simulator's SinanCode protocol. */
class SinanCodeContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return new SinanCodeVendor();
    }
}
