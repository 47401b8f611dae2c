package io.retouch.provider.runflow;

import io.retouch.catalog.VendorCatalog;
import io.retouch.provider.EditRequest;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition.Connection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The definition: name, credentials, base URL, capabilities (vendors.md §3.1, §3.2, §8). */
class RunflowVendorTests {

    private final RunflowVendor vendor = new RunflowVendor();

    @Test
    void isInTheCatalog() {
        assertThat(VendorCatalog.find("runflow")).get().isInstanceOf(RunflowVendor.class);
        assertThat(vendor.baseUrlVariable()).isEqualTo("RETOUCH_RUNFLOW_BASE_URL");
        assertThat(vendor.credentialVariables()).containsExactly("RUNFLOW_API_KEY");
        assertThat(vendor.simulatorPath()).isEqualTo("/runflow");
    }

    @Test
    void missingCredentialsAreNamedNotShown() {
        assertThatThrownBy(() -> vendor.open(new Connection(null, Map.of(), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNFLOW_API_KEY");
        assertThatThrownBy(() -> vendor.open(new Connection(null, Map.of("RUNFLOW_API_KEY", "bad key\u0001"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("bad key");
    }

    @Test
    void theBaseUrlVariableIsHonouredAndAnExplicitUrlWins() throws IOException {
        try (RunflowStubServer stub = new RunflowStubServer()) {
            stub.answer(404, "{\"code\":\"RUN_NOT_FOUND\",\"message\":\"m\"}");
            Map<String, String> env = Map.of("RUNFLOW_API_KEY", "k", "RETOUCH_RUNFLOW_BASE_URL", stub.baseUrl() + "/");
            try (VendorAdapter adapter = vendor.open(new Connection(null, env, null))) {
                adapter.poll("r1");
            }
            assertThat(stub.onlyRequest().rawPathAndQuery()).isEqualTo("/rf/v1/runs/r1");
        }
        assertThatThrownBy(() -> vendor.open(new Connection(null,
                Map.of("RUNFLOW_API_KEY", "k", "RETOUCH_RUNFLOW_BASE_URL", "ftp://x"), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsWhatFalAccepts() {
        var caps = vendor.capabilities();
        assertThat(caps.aspectRatios()).hasSize(11).contains("auto", "21:9", "9:16");
        assertThat(caps.resolutions()).containsExactlyInAnyOrder("1K", "2K", "4K");
        assertThat(caps.outputFormats()).containsExactlyInAnyOrder("jpeg", "png", "webp");
        assertThat(caps.maxNumImages()).isEqualTo(4);
        assertThat(caps.maxInputImages()).isEqualTo(14);
        assertThat(caps.seed()).isTrue();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "4:5", "4K", "webp", 4, 3L))).isNull();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "7:3", "1K", "png", 1, null))).isNotNull();
    }

    @Test
    void theDefaultHostIsRunflowsApi() {
        assertThat(RunflowVendor.DEFAULT_BASE_URL).isEqualTo(URI.create("https://api.runflow.io"));
    }
}
