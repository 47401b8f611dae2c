package io.retouch.provider.gemini;

import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;

/** Synchronous generateContent: the answer is held in memory, outputs arrive inline as data: URLs. */
class GeminiContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return GeminiAdapter.SPEC;
    }

    @Override
    protected boolean pollsOverHttp() {
        return false;
    }

    @Override
    protected boolean outputsAreUrls() {
        return false;
    }

    /** Google's retry hint is RetryInfo.retryDelay in the body, which the adapter reads as the retry-after. */
    @Override
    protected boolean sendsRetryAfter() {
        return true;
    }
}
