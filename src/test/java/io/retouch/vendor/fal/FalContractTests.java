package io.retouch.vendor.fal;

import io.retouch.vendor.VendorContractTests;
import io.retouch.vendor.VendorDefinition;

class FalContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return new FalVendor();
    }
}
