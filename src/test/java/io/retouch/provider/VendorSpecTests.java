package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.catalog.VendorCatalog;
import io.retouch.provider.VendorDefinition.Connection;
import io.retouch.provider.aimlapi.AimlapiAdapter;
import io.retouch.provider.fal.FalAdapter;
import io.retouch.provider.http.VendorSpec;
import io.retouch.provider.kie.KieAdapter;
import io.retouch.provider.kie.SinanCodeAdapter;
import io.retouch.provider.mulerun.MuleRunAdapter;
import io.retouch.provider.runflow.RunflowAdapter;
import io.retouch.provider.runflow.RunflowRunsAdapter;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each HTTP vendor as a definition: its name, variables, host and submit path (vendors.md §1–§6, §8). */
class VendorSpecTests {

    record Vendor(VendorSpec spec, String name, List<String> keyVariables, String baseUrlVariable, String host,
                  String submitPath) {
        @Override
        public String toString() {
            return name;
        }

        String key() {
            return keyVariables.getFirst();
        }
    }

    static final List<Vendor> VENDORS = List.of(
            new Vendor(FalAdapter.SPEC, "fal", List.of("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET"), "RETOUCH_FAL_BASE_URL",
                    "https://queue.fal.run", "/fal-ai/nano-banana-pro/edit"),
            new Vendor(MuleRunAdapter.SPEC, "mulerun", List.of("MULERUN_API_KEY"), "RETOUCH_MULERUN_BASE_URL",
                    "https://api.mulerun.com", "/vendors/google/v1/nano-banana-pro/edit"),
            new Vendor(KieAdapter.SPEC, "kie", List.of("KIE_API_KEY"), "RETOUCH_KIE_BASE_URL",
                    "https://api.kie.ai", "/api/v1/jobs/createTask"),
            new Vendor(SinanCodeAdapter.SPEC, "sinancode", List.of("SINANCODE_API_KEY"), "RETOUCH_SINANCODE_BASE_URL",
                    "https://api.sinancode.com", "/v1/generate/k/nano-banana-edit"),
            new Vendor(SinanCodeAdapter.PRO_SPEC, "sinancode-pro", List.of("SINANCODE_API_KEY"),
                    "RETOUCH_SINANCODE_PRO_BASE_URL", "https://api.sinancode.com", "/v1/generate/k/nano-banana-pro"),
            new Vendor(RunflowAdapter.SPEC, "runflow", List.of("RUNFLOW_API_KEY"), "RETOUCH_RUNFLOW_BASE_URL",
                    "https://api.runflow.io", "/v1/run/google/nano-banana-pro/edit"),
            new Vendor(RunflowRunsAdapter.SPEC, "runflow-runs", List.of("RUNFLOW_API_KEY"), "RETOUCH_RUNFLOW_RUNS_BASE_URL",
                    "https://api.runflow.io", "/v1/models/google/nano-banana-pro/edit/runs"),
            new Vendor(AimlapiAdapter.SPEC, "aimlapi", List.of("AIMLAPI_API_KEY"), "RETOUCH_AIMLAPI_BASE_URL",
                    "https://api.aimlapi.com", "/v1/images/generations"));

    /** An edit every one of them serves. */
    private static final EditRequest EDIT = new EditRequest("p", List.of("https://in.example/a.png"), "1:1", "1K", "png", 1, null);
    /** An edit none serves: refused without a call, its audit record names the URL it would have gone to. */
    private static final EditRequest UNSERVABLE = new EditRequest("p", List.of("https://in.example/a.png"), "1:1", "1K", "png", 99, null);

    @ParameterizedTest
    @FieldSource("VENDORS")
    void isKnownToTheCatalogUnderItsSpecName(Vendor v) {
        assertThat(VendorCatalog.find(v.name())).containsSame(v.spec());
        assertThat(v.spec().credentialVariables()).containsExactlyElementsOf(v.keyVariables());
        assertThat(v.spec().baseUrlVariable()).isEqualTo(v.baseUrlVariable());
    }

    @ParameterizedTest
    @FieldSource("VENDORS")
    void aMissingKeyIsNamedAndAMalformedOneIsNotEchoed(Vendor v) {
        assertThatThrownBy(() -> v.spec().open(new Connection(null, Map.of(), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(v.key());
        assertThatThrownBy(() -> v.spec().open(new Connection(null, Map.of(v.key(), "abc\r\nX-Evil: def-secret"), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("abc").doesNotContain("def-secret");
    }

    @ParameterizedTest
    @FieldSource("VENDORS")
    void theBaseUrlComesFromTheConnectionThenTheVariableThenTheVendorsHost(Vendor v) {
        Map<String, String> env = Map.of(v.key(), "k-0123456789", v.baseUrlVariable(), "http://127.0.0.1:9/sim/");
        try (VendorAdapter fromVariable = v.spec().open(new Connection(null, env, null));
             VendorAdapter real = v.spec().open(new Connection(null, Map.of(v.key(), "k-0123456789"), null));
             VendorAdapter explicit = v.spec().open(new Connection(URI.create("http://h:1/x/"), env, null))) {
            assertThat(fromVariable.submit(UNSERVABLE, "a").call().url()).isEqualTo("http://127.0.0.1:9/sim" + v.submitPath());
            assertThat(real.submit(UNSERVABLE, "a").call().url()).isEqualTo(v.host() + v.submitPath());
            assertThat(explicit.submit(UNSERVABLE, "a").call().url()).isEqualTo("http://h:1/x" + v.submitPath());
        }
    }

    @ParameterizedTest
    @FieldSource("VENDORS")
    void aBaseUrlVariableThatIsNotAnHttpUrlIsRefusedNamingIt(Vendor v) {
        for (String bad : List.of("ftp://h/", "http://bad host"))
            assertThatThrownBy(() -> v.spec().open(new Connection(null, Map.of(v.key(), "k-0123456789",
                    v.baseUrlVariable(), bad), null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(v.baseUrlVariable());
    }

    @ParameterizedTest
    @FieldSource("VENDORS")
    void theKeyAndBaseUrlFromTheEnvironmentReachTheVendor(Vendor v) throws IOException {
        try (StubVendor stub = new StubVendor()) {
            stub.answer(503, "{}");
            Map<String, String> env = Map.of(v.key(), "env-key-0123456789", v.baseUrlVariable(), stub.baseUrl().toString());
            try (VendorAdapter adapter = v.spec().open(new Connection(null, env, null))) {
                adapter.submit(EDIT, "a");
            }
            StubVendor.Recorded sent = stub.onlyRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.path()).isEqualTo(StubVendor.BASE_PATH + v.submitPath());
            assertThat(sent.header("Authorization")).endsWith(" env-key-0123456789");
        }
    }
}
