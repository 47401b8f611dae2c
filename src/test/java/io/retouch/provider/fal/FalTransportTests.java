package io.retouch.provider.fal;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.SubmitOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paid submit whose answer is lost may have created the task: only "nothing was sent" is a safe
 * refusal. Each case also proves the adapter made exactly one attempt.
 */
class FalTransportTests {

    private static final EditRequest EDIT = new EditRequest("p", List.of("https://i/a.png"), "auto", "1K", "png", 1, null);

    @Test
    void a2xxWithAnUnreadableBodyIsUnknown() throws IOException {
        try (FalStubServer fal = new FalStubServer(); FalAdapter adapter = new FalAdapter(fal.settings())) {
            fal.answer(200, "{\"request_id\": \"80e7").answer(200, "{\"status\":\"IN_QUEUE\"}");

            assertThat(adapter.submit(EDIT, "a")).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                    u -> assertThat(u.reason()).contains("may have been queued"));
            assertThat(adapter.submit(EDIT, "b")).isInstanceOf(SubmitOutcome.Unknown.class);
            assertThat(fal.requests()).hasSize(2);
        }
    }

    @Test
    void aSubmitThatTimesOutIsUnknown() throws IOException {
        try (FalStubServer fal = new FalStubServer();
             FalAdapter adapter = new FalAdapter(withTimeout(fal.settings(), Duration.ofMillis(300)))) {
            fal.answerAfter(Duration.ofSeconds(3), 200, "{\"request_id\":\"late\"}");

            SubmitOutcome outcome = adapter.submit(EDIT, "a");

            assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
            assertThat(outcome.call().status()).isZero();
            assertThat(outcome.call().message()).contains("HttpTimeoutException");
            assertThat(fal.requests()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "reset={0}")
    @ValueSource(booleans = {false, true})
    void aSubmitReadThenDroppedWithoutAnswerIsUnknown(boolean reset) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger requestsRead = new AtomicInteger();
            Thread.ofVirtual().start(() -> readThenDrop(listener, reset, requestsRead));
            URI base = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/fal");

            try (FalAdapter adapter = new FalAdapter(FalSettings.of(base, FalStubServer.KEY))) {
                SubmitOutcome outcome = adapter.submit(EDIT, "a");

                assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
                assertThat(outcome.call().status()).isZero();
            }
            assertThat(requestsRead).hasValue(1);
        }
    }

    @Test
    void nothingListeningIsARetryableRefusalBecauseNothingWasSent() throws IOException {
        URI base = URI.create("http://127.0.0.1:" + freePort() + "/fal");
        try (FalAdapter adapter = new FalAdapter(FalSettings.of(base, FalStubServer.KEY))) {
            SubmitOutcome outcome = adapter.submit(EDIT, "a");

            assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class, refused -> {
                assertThat(refused.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
                assertThat(refused.error().message()).contains("ConnectException");
                assertThat(refused.call().status()).isZero();
            });
            assertThat(adapter.poll("req-1")).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                    u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE));
            assertThat(adapter.collect("req-1")).isInstanceOf(CollectOutcome.Unavailable.class);
            assertThat(adapter.cancel("req-1").status()).isZero();
        }
    }

    @Test
    void aPollThatTimesOutIsUnavailable() throws IOException {
        try (FalStubServer fal = new FalStubServer();
             FalAdapter adapter = new FalAdapter(withTimeout(fal.settings(), Duration.ofMillis(300)))) {
            fal.answerAfter(Duration.ofSeconds(3), 200, "{\"status\":\"COMPLETED\"}");

            assertThat(adapter.poll("req-1")).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                    u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE));
        }
    }

    private static FalSettings withTimeout(FalSettings s, Duration timeout) {
        return new FalSettings(s.queueBaseUrl(), s.apiKey(), timeout, s.modelPath(), s.submitSubPath(), s.minPollInterval());
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

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
