package io.retouch.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.catalog.VendorCatalog;
import io.retouch.inputs.InputDelivery.Way;
import io.retouch.provider.InputTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputDeliveryTests {

    static final StoreReach PUBLIC = new StoreReach(true, "AWS S3 is on the internet");
    static final StoreReach LOCAL = new StoreReach(false, "the embedded S3 store listens on this host only (http://127.0.0.1:1)");

    /** From each vendor's page (decision 16): MuleRun and AIMLAPI take base64 images, Gemini is sent them inline. */
    @Test
    void eachVendorTakesInputImagesAsItsPageSays() {
        assertThat(VendorCatalog.all().stream().collect(java.util.stream.Collectors.toMap(
                io.retouch.provider.VendorDefinition::name, io.retouch.provider.VendorDefinition::inputTransport)))
                .isEqualTo(java.util.Map.of(
                        "fal", InputTransport.URL, "runflow", InputTransport.URL, "runflow-runs", InputTransport.URL,
                        "mulerun", InputTransport.DATA_URI, "aimlapi", InputTransport.DATA_URI, "kie", InputTransport.URL,
                        "sinancode", InputTransport.URL, "sinancode-pro", InputTransport.URL,
                        "gemini", InputTransport.FETCHED_BY_RETOUCH, "gemini-batch", InputTransport.FETCHED_BY_RETOUCH));
    }

    @Test
    void onlyFalQueuesBeyondItsConcurrency() {
        assertThat(VendorCatalog.all().stream().filter(io.retouch.provider.VendorDefinition::queuesBeyondConcurrency)
                .map(io.retouch.provider.VendorDefinition::name)).containsExactly("fal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fal", "runflow", "mulerun", "aimlapi", "kie", "sinancode", "gemini", "gemini-batch"})
    void aStoreTheVendorCanReachGivesPresignedUrls(String vendor) {
        assertThat(InputDelivery.decide(vendor, false, PUBLIC).way()).isEqualTo(Way.PRESIGNED_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fal", "runflow", "mulerun", "aimlapi", "kie", "sinancode", "gemini", "gemini-batch"})
    void theSimulatorFetchesPresignedUrlsOfAnyStore(String vendor) {
        assertThat(InputDelivery.decide(vendor, true, LOCAL).way()).isEqualTo(Way.PRESIGNED_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mulerun", "aimlapi"})
    void vendorsThatTakeDataUrisGetTheImagesInlineFromALocalStore(String vendor) {
        assertThat(InputDelivery.decide(vendor, false, LOCAL).way()).isEqualTo(Way.INLINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "gemini-batch"})
    void geminiIsGivenPresignedUrlsOfALocalStoreBecauseRetouchDownloadsThemItself(String vendor) {
        InputDelivery.Decision decision = InputDelivery.decide(vendor, false, LOCAL);

        assertThat(decision.way()).isEqualTo(Way.PRESIGNED_URL);
        assertThat(decision.reason()).isEqualTo(vendor + " takes images inline; Retouch downloads them itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fal", "runflow", "kie", "sinancode", "a-vendor-added-later"})
    void vendorsThatFetchOnlyUrlsAreRefusedALocalStoreNamingTheVendorAndTheStore(String vendor) {
        InputDelivery.Decision decision = InputDelivery.decide(vendor, false, LOCAL);

        assertThat(decision.way()).isEqualTo(Way.REFUSED);
        assertThat(decision.reason()).isEqualTo(vendor + " fetches input images by URL and cannot reach the S3 store: "
                + "the embedded S3 store listens on this host only (http://127.0.0.1:1)");
    }

    @Test
    void refusalsSuggestTheVendorsThatTakeInlineImages() {
        assertThat(InputDelivery.inlineVendors()).isEqualTo("aimlapi, gemini, gemini-batch, mulerun");
    }
}
