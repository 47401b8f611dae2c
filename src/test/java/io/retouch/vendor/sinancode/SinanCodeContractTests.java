package io.retouch.vendor.sinancode;

import io.retouch.vendor.VendorContractTests;
import io.retouch.vendor.VendorDefinition;

/** SinanCode against the simulator's SinanCode protocol. */
class SinanCodeContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return new SinanCodeVendor();
    }
}
