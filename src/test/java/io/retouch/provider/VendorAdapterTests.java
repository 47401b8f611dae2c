package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.aimlapi.AimlapiAdapter;
import io.retouch.provider.fal.FalAdapter;
import io.retouch.provider.http.VendorSpec;
import io.retouch.provider.kie.KieAdapter;
import io.retouch.provider.kie.SinanCodeAdapter;
import io.retouch.provider.mulerun.MuleRunAdapter;
import io.retouch.provider.runflow.RunflowAdapter;
import io.retouch.provider.runflow.RunflowRunsAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every HTTP vendor's adapter promises alike, whatever its protocol: a paid submit whose answer
 * is lost is in doubt (only "nothing was sent" is a safe refusal), one exchange per call, an edit the
 * vendor cannot serve is refused without a call, and the key never reaches an audit record.
 */
class VendorAdapterTests {

    static final List<VendorSpec> ALL = List.of(FalAdapter.SPEC, MuleRunAdapter.SPEC, KieAdapter.SPEC,
            SinanCodeAdapter.SPEC, SinanCodeAdapter.PRO_SPEC, RunflowAdapter.SPEC, RunflowRunsAdapter.SPEC, AimlapiAdapter.SPEC);
    /** The vendors whose tasks are polled over HTTP (the others answer the edit on the submit). */
    static final List<VendorSpec> POLLED = List.of(FalAdapter.SPEC, MuleRunAdapter.SPEC, KieAdapter.SPEC,
            SinanCodeAdapter.SPEC, SinanCodeAdapter.PRO_SPEC, RunflowRunsAdapter.SPEC);

    /** An edit every one of them serves. */
    private static final EditRequest EDIT = new EditRequest("Turn the jacket red", List.of("https://in.example/a.png"),
            "1:1", "1K", "png", 1, null);

    private final StubVendor stub = new StubVendor();

    VendorAdapterTests() throws IOException {
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void aSubmitAnsweredTooLateIsInDoubt(VendorSpec spec) {
        stub.answerAfter(Duration.ofSeconds(2), 200, "{}");
        try (VendorAdapter impatient = stub.adapter(spec, Duration.ofMillis(300))) {
            SubmitOutcome outcome = impatient.submit(EDIT, "a");

            String why = POLLED.contains(spec) ? "the task may have been created" : "the edit may have run and been charged";
            assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Unknown.class, u -> assertThat(u.reason()).contains(why));
            assertThat(outcome.call().status()).isZero();
            assertThat(outcome.call().message()).contains("HttpTimeoutException");
        }
        assertThat(stub.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void aSubmitThatCannotConnectIsARetryableRefusalSinceNothingWasSent(VendorSpec spec) throws IOException {
        try (VendorAdapter adapter = StubVendor.open(spec, StubVendor.nowhere(), Duration.ofSeconds(2))) {
            SubmitOutcome outcome = adapter.submit(EDIT, "a");

            assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class, refused -> {
                assertThat(refused.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
                assertThat(refused.error().message()).contains("ConnectException");
                assertThat(refused.call().status()).isZero();
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("POLLED")
    void aPollOrCollectThatCannotConnectLeavesTheTaskAlone(VendorSpec spec) throws IOException {
        try (VendorAdapter adapter = StubVendor.open(spec, StubVendor.nowhere(), Duration.ofSeconds(2))) {
            assertThat(adapter.poll("req-1")).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                    u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE));
            assertThat(adapter.collect("req-1")).isInstanceOfSatisfying(CollectOutcome.Unavailable.class,
                    u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE));
            assertThat(adapter.cancel("req-1").status()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("POLLED")
    void aPollAnsweredTooLateLeavesTheTaskAlone(VendorSpec spec) {
        stub.answerAfter(Duration.ofSeconds(2), 200, "{}");
        try (VendorAdapter impatient = stub.adapter(spec, Duration.ofMillis(300))) {
            assertThat(impatient.poll("req-1")).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                    u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE));
        }
    }

    static Stream<Arguments> everyVendorWithAndWithoutReset() {
        return ALL.stream().flatMap(spec -> Stream.of(Arguments.of(spec, false), Arguments.of(spec, true)));
    }

    @ParameterizedTest(name = "{0} reset={1}")
    @MethodSource("everyVendorWithAndWithoutReset")
    void aSubmitReadThenDroppedWithoutAnAnswerIsInDoubt(VendorSpec spec, boolean reset) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger requestsRead = new AtomicInteger();
            Thread.ofVirtual().start(() -> readThenDrop(listener, reset, requestsRead));
            URI base = URI.create("http://127.0.0.1:" + listener.getLocalPort() + StubVendor.BASE_PATH);

            try (VendorAdapter adapter = StubVendor.open(spec, base, Duration.ofSeconds(5))) {
                SubmitOutcome outcome = adapter.submit(EDIT, "a");

                assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
                assertThat(outcome.call().status()).isZero();
            }
            assertThat(requestsRead).as("one attempt, no retry").hasValue(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void anUnreadableOkAnswerToASubmitIsInDoubt(VendorSpec spec) {
        stub.answer(200, "<html>ok</html>", "Content-Type", "text/html");
        try (VendorAdapter adapter = stub.adapter(spec)) {
            assertThat(adapter.submit(EDIT, "a")).isInstanceOf(SubmitOutcome.Unknown.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void anEditTheVendorCannotServeIsRefusedWithoutACall(VendorSpec spec) {
        EditRequest tooMany = new EditRequest("p", List.of("https://in.example/a.png"), "1:1", "1K", "png", 99, null);
        try (VendorAdapter adapter = stub.adapter(spec)) {
            SubmitOutcome outcome = adapter.submit(tooMany, "a");

            assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class, refused -> {
                assertThat(refused.error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
                assertThat(refused.error().vendorCode()).isEqualTo("not_sent");
                assertThat(refused.error().message()).contains("cannot serve this edit: num_images 99 is outside 1..");
            });
            assertThat(outcome.call().method()).isEqualTo("LOCAL");
            assertThat(outcome.call().status()).isZero();
        }
        assertThat(stub.requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void aBaseUrlWithATrailingSlashStillReachesTheEndpoint(VendorSpec spec) {
        stub.answer(503, "{}");
        try (VendorAdapter slashed = StubVendor.open(spec, URI.create(stub.baseUrl() + "/"), Duration.ofSeconds(5))) {
            slashed.submit(EDIT, "a");
        }
        assertThat(stub.onlyRequest().path()).startsWith(StubVendor.BASE_PATH + "/").doesNotContain("//");
    }

    /** The key reaches the Authorization header and nothing we keep, even when the vendor echoes it or its secret half. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void theKeyNeverReachesAnAuditRecordEvenWhenTheVendorEchoesIt(VendorSpec spec) {
        stub.answer(401, "{\"message\":\"Invalid key " + StubVendor.KEY + "\"}")
                .answer(401, "{\"message\":\"secret " + StubVendor.SECRET + " is revoked\"}");
        List<SubmitOutcome> outcomes = new ArrayList<>();
        try (VendorAdapter adapter = stub.adapter(spec)) {
            outcomes.add(adapter.submit(EDIT, "a"));
            outcomes.add(adapter.submit(EDIT, "b"));
        }

        assertThat(stub.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).endsWith(" " + StubVendor.KEY));
        assertThat(outcomes).extracting(o -> ((SubmitOutcome.Refused) o).error().message())
                .containsExactly("Invalid key ***", "secret *** is revoked");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.toString()).doesNotContain(StubVendor.SECRET);
            VendorCall call = o.call();
            assertThat(Stream.of(call.operation(), call.method(), call.url(), call.vendorCode(), call.message()))
                    .allSatisfy(field -> assertThat(String.valueOf(field)).doesNotContain(StubVendor.SECRET));
        });
    }

    /** Reads whole requests and drops each connection without a byte of answer (FIN, or RST when reset). */
    private static void readThenDrop(ServerSocket listener, boolean reset, AtomicInteger requestsRead) {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                readRequest(socket.getInputStream());
                requestsRead.incrementAndGet();
                if (reset) socket.setSoLinger(true, 0);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("client closed early");
            head.append((char) b);
        }
        int length = head.toString().lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst().orElse(0);
        in.readNBytes(length);
    }
}
