package io.retouch.provider.mulerun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.catalog.VendorCatalog;
import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The definition: name, credentials, base URL and what MuleRun accepts (vendors.md §2.2, §8). */
class MuleRunVendorTests {

    private final MuleRunVendor vendor = new MuleRunVendor();
    private final Capabilities caps = vendor.capabilities();

    @Test
    void isKnownToTheCatalogUnderItsSpecName() {
        assertThat(VendorCatalog.find("mulerun")).containsInstanceOf(MuleRunVendor.class);
        assertThat(vendor.credentialVariables()).containsExactly("MULERUN_API_KEY");
        assertThat(vendor.baseUrlVariable()).isEqualTo("RETOUCH_MULERUN_BASE_URL");
        assertThat(vendor.simulatorPath()).isEqualTo("/mulerun");
    }

    @Test
    void aMissingKeyIsNamedAndAMalformedOneIsNotEchoed() {
        assertThatThrownBy(() -> vendor.open(new VendorDefinition.Connection(null, Map.of(), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MULERUN_API_KEY");
        assertThatThrownBy(() -> vendor.open(new VendorDefinition.Connection(null,
                Map.of("MULERUN_API_KEY", "abc\u0001def"), null)))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("abc");
    }

    @Test
    void theBaseUrlComesFromTheConnectionThenTheVariableThenMuleRun() {
        Map<String, String> env = Map.of("MULERUN_API_KEY", "k", "RETOUCH_MULERUN_BASE_URL", "http://127.0.0.1:9/mulerun");
        try (VendorAdapter fromVariable = vendor.open(new VendorDefinition.Connection(null, env, null));
             VendorAdapter real = vendor.open(new VendorDefinition.Connection(null, Map.of("MULERUN_API_KEY", "k"), null));
             VendorAdapter explicit = vendor.open(new VendorDefinition.Connection(URI.create("http://h:1/x/"), env, null))) {
            assertThat(fromVariable.cancel("t").url()).isEqualTo("http://127.0.0.1:9/mulerun/vendors/google/v1/nano-banana-pro/edit/t");
            assertThat(real.cancel("t").url()).isEqualTo("https://api.mulerun.com/vendors/google/v1/nano-banana-pro/edit/t");
            assertThat(explicit.cancel("t").url()).isEqualTo("http://h:1/x/vendors/google/v1/nano-banana-pro/edit/t");
        }
    }

    @ParameterizedTest
    @CsvSource({"21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"})
    void servesEveryFixedRatioAt1KAnd2K(String ratio) {
        assertThat(caps.refusal(edit(ratio, "1K", "png", 1, null, 1))).isNull();
        assertThat(caps.refusal(edit(ratio, "2K", "png", 1, null, 10))).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"auto, 1K, png, 1, null, 1", "1:1, 4K, png, 1, null, 1",
            "1:1, 1K, jpeg, 1, null, 1", "1:1, 1K, webp, 1, null, 1", "1:1, 1K, png, 2, null, 1",
            "1:1, 1K, png, 1, 7, 1", "1:1, 1K, png, 1, null, 11"})
    void refusesWhatItsEndpointHasNoFieldOrValueFor(String ratio, String res, String format, int n, Long seed, int images) {
        assertThat(caps.refusal(edit(ratio, res, format, n, seed, images))).isNotNull();
    }

    private static EditRequest edit(String ratio, String res, String format, int n, Long seed, int images) {
        return new EditRequest("p", Collections.nCopies(images, "https://img.example/a.png"), ratio, res, format, n, seed);
    }
}
