package io.retouch.provider.runflow;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/**
 * Runflow's seed surface ({@code runflow}) against the simulator: the run endpoint answers with the
 * images, so nothing is polled over HTTP. A content block is the call's error answer (refused); a
 * failed edit is a 200 without images, held for poll to report.
 */
class RunflowContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return RunflowAdapter.SPEC;
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
