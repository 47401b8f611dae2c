package io.retouch.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreReachTests {

    /** No test here asks real DNS: names resolve to what the test says, or not at all. */
    private static StoreReach.Resolver resolvesTo(String address) {
        return host -> List.of(InetAddress.getByName(address));
    }

    private static final StoreReach.Resolver UNKNOWN = host -> {
        throw new UnknownHostException(host);
    };

    @Test
    void theEmbeddedStoreIsNeverReachable() {
        StoreReach reach = StoreReach.of(null, true, "http://127.0.0.1:41234", UNKNOWN);

        assertThat(reach.reachable()).isFalse();
        assertThat(reach.why()).isEqualTo("the embedded S3 store listens on this host only (http://127.0.0.1:41234)");
    }

    @Test
    void awsS3WithoutAnEndpointIsReachable() {
        assertThat(StoreReach.of(null, false, "", UNKNOWN).reachable()).isTrue();
        assertThat(StoreReach.of(null, false, null, UNKNOWN).reachable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "http://127.8.9.1", "http://localhost:9000", "http://s3.localhost",
            "http://[::1]:9000", "http://10.1.2.3:9000", "http://172.16.0.9", "http://172.31.255.1", "http://192.168.1.20:9000",
            "http://169.254.169.254", "http://[fe80::1]", "http://[fd12:3456::1]:9000", "http://100.64.0.1", "http://0.0.0.0:9000"})
    void anEndpointOnALoopbackLinkLocalOrPrivateAddressIsNot(String endpoint) {
        StoreReach reach = StoreReach.of(null, false, endpoint, UNKNOWN);

        assertThat(reach.reachable()).as(reach.why()).isFalse();
        assertThat(reach.why()).startsWith("the S3 endpoint " + endpoint + " is a ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://52.216.8.1", "http://172.32.0.1:9000", "http://100.128.0.1", "https://[2600:1f18::1]"})
    void anEndpointOnAPublicAddressIs(String endpoint) {
        assertThat(StoreReach.of(null, false, endpoint, UNKNOWN).reachable()).isTrue();
    }

    @Test
    void aHostNameIsJudgedByTheAddressesItResolvesTo() {
        StoreReach internal = StoreReach.of(null, false, "https://minio.internal:9000", resolvesTo("10.0.4.7"));
        StoreReach public_ = StoreReach.of(null, false, "https://s3.example.com", resolvesTo("93.184.216.34"));

        assertThat(internal.reachable()).isFalse();
        assertThat(internal.why()).isEqualTo("the S3 endpoint https://minio.internal:9000 is a private address (10.0.4.7)");
        assertThat(public_.reachable()).isTrue();
    }

    @Test
    void aNameThatDoesNotResolveIsGivenTheBenefitOfTheDoubt() {
        assertThat(StoreReach.of(null, false, "https://nowhere.invalid", UNKNOWN).reachable()).isTrue();
    }

    @Test
    void theOperatorsWordWinsEitherWay() {
        assertThat(StoreReach.of("true", true, "http://127.0.0.1:1", UNKNOWN).reachable()).isTrue();
        assertThat(StoreReach.of(" TRUE ", false, "http://10.0.0.1", UNKNOWN).reachable()).isTrue();
        StoreReach no = StoreReach.of("false", false, "https://52.216.8.1", UNKNOWN);
        assertThat(no.reachable()).isFalse();
        assertThat(no.why()).isEqualTo("retouch.s3.reachable-by-vendors is false");
    }

    @Test
    void anOverrideThatIsNotABooleanIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> StoreReach.of("yes", false, null, UNKNOWN))
                .withMessage("retouch.s3.reachable-by-vendors must be true or false, got 'yes'");
    }
}
