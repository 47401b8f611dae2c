package io.retouch.provider.aimlapi;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/**
 * AIMLAPI against the simulator. Synchronous: the result comes back on the submit and is held in
 * memory, so nothing is polled over HTTP. A content block is AIMLAPI's error answer to the submit
 * (refused); a failed edit is a 200 without images, held for poll to report.
 */
class AimlapiContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return AimlapiAdapter.SPEC;
    }

    @Override
    protected boolean pollsOverHttp() {
        return false;
    }

    @Override
    protected boolean failuresAtSubmit() {
        return true;
    }
}
