package io.retouch.provider.kie;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/** kie.ai against the simulator's kie protocol: errors arrive as HTTP 200 with a business code. */
class KieContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return KieAdapter.SPEC;
    }

    /** kie documents no Retry-After; its 429 is a business code inside HTTP 200. */
    @Override
    protected boolean sendsRetryAfter() {
        return false;
    }

    @Override
    protected String unknownId() {
        return "task_nano-banana-pro_00000000-0000-4000-8000-00000000dead";
    }
}
