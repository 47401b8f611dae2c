package io.retouch.provider.mulerun;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/** MuleRun against the simulator's {@code /mulerun} protocol; no hook differs from the defaults. */
class MuleRunContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return MuleRunAdapter.SPEC;
    }
}
