package io.retouch.provider.fal;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

class FalContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return FalAdapter.SPEC;
    }
}
