package io.retouch.vendor.mulerun;

import io.retouch.vendor.VendorContractTests;
import io.retouch.vendor.VendorDefinition;

/** MuleRun against the simulator's {@code /mulerun} protocol; no hook differs from the defaults. */
class MuleRunContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return new MuleRunVendor();
    }
}
