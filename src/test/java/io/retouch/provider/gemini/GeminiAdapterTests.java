package io.retouch.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorDefinition;
import io.retouch.provider.http.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronous adapter against canned Google answers. */
class GeminiAdapterTests {

    private static final String IMAGE = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"},"
            + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"QUJD\"}}]},\"finishReason\":\"STOP\"}]}";

    private final GeminiStubServer stub = new GeminiStubServer();
    private GeminiAdapter adapter = new GeminiAdapter(stub.settings(Duration.ofSeconds(2)));

    GeminiAdapterTests() throws Exception {
    }

    @AfterEach
    void close() {
        adapter.close();
        stub.close();
    }

    private EditRequest edit(String url) {
        return new EditRequest("make it blue", List.of(url), "auto", "1K", "png", 1, null);
    }

    @Test
    void theKeyTravelsInItsHeaderOnlyAndTheImageIsHeld() {
        stub.answer(200, IMAGE);
        SubmitOutcome outcome = adapter.submit(edit(stub.inputUrl()), "a1");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        String id = ((SubmitOutcome.Accepted) outcome).vendorRequestId();
        assertThat(id).isEqualTo(HeldResults.idFor("a1"));
        var request = stub.requests().getFirst();
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-3-pro-image-preview:generateContent");
        assertThat(request.header("x-goog-api-key")).isEqualTo(GeminiStubServer.KEY);
        assertThat(request.query()).isNull();
        assertThat(request.header("Authorization")).isNull();
        String sent = Json.object(request.body()).path("contents").get(0).path("parts").get(1)
                .path("inline_data").path("data").stringValue();
        assertThat(Base64.getDecoder().decode(sent)).isEqualTo(GeminiStubServer.PNG);
        assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Finished.class);
        var outputs = ((CollectOutcome.Outputs) adapter.collect(id)).outputs();
        assertThat(outputs.getFirst().url()).isEqualTo("data:image/png;base64,QUJD");
        assertThat(adapter.collect(id)).as("a held answer outlives a collect").isInstanceOf(CollectOutcome.Outputs.class);
    }

    @Test
    void aDataUrlInputIsInlinedWithoutAnyDownload() {
        stub.answer(200, IMAGE);
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(GeminiStubServer.PNG);
        assertThat(adapter.submit(edit(dataUrl), "a2")).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void aBlockedAnswerIsAcceptedAndFailsAtPoll() {
        stub.answer(200, "{\"candidates\":[{\"finishReason\":\"IMAGE_SAFETY\"}]}");
        String id = ((SubmitOutcome.Accepted) adapter.submit(edit(stub.inputUrl()), "a3")).vendorRequestId();
        PollOutcome poll = adapter.poll(id);
        assertThat(poll).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) poll).error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(adapter.collect(id)).isInstanceOf(CollectOutcome.Failed.class);
    }

    @Test
    void anInputThatCannotBeFetchedIsRefusedAndNothingIsSent() {
        SubmitOutcome outcome = adapter.submit(edit(stub.baseUrl() + "/missing.png?X-Amz-Signature=secret"), "a4");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        var error = ((SubmitOutcome.Refused) outcome).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
        assertThat(error.message()).contains("404").doesNotContain("secret");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void anInputThatIsNotAnImageIsRefused() {
        String text = "data:text/plain;base64," + Base64.getEncoder().encodeToString("hello".getBytes());
        SubmitOutcome outcome = adapter.submit(edit(text), "a5");
        assertThat(((SubmitOutcome.Refused) outcome).error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aTimeoutAfterSendingIsInDoubt() {
        stub.answerAfter(Duration.ofSeconds(4), 200, IMAGE);
        SubmitOutcome outcome = adapter.submit(edit(stub.inputUrl()), "a6");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void aRefusedConnectionIsRetryableAndUnpaid() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (GeminiAdapter closed = new GeminiAdapter(new GeminiSettings(URI.create("http://127.0.0.1:" + port),
                GeminiStubServer.KEY, Duration.ofSeconds(2)))) {
            SubmitOutcome outcome = closed.submit(edit(stub.inputUrl()), "a7");
            assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
            assertThat(((SubmitOutcome.Refused) outcome).error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
        }
    }

    @Test
    void anErrorStatusIsARefusalAndTheKeyNeverShows() {
        stub.answer(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid: " + GeminiStubServer.KEY
                + "\",\"status\":\"INVALID_ARGUMENT\"}}");
        SubmitOutcome outcome = adapter.submit(edit(stub.inputUrl()), "a8");
        var refused = (SubmitOutcome.Refused) outcome;
        assertThat(refused.error().errorClass()).isEqualTo(ErrorClass.UNAUTHORIZED);
        assertThat(refused.error().message()).doesNotContain(GeminiStubServer.KEY);
        assertThat(refused.call().toString()).doesNotContain(GeminiStubServer.KEY);
    }

    @Test
    void credentialsComeFromGeminiApiKeyThenGoogleApiKey() {
        VendorDefinition vendor = new GeminiVendor();
        try (var opened = vendor.open(new VendorDefinition.Connection(stub.baseUrl(), Map.of("GOOGLE_API_KEY", "k2"), null))) {
            assertThat(opened.name()).isEqualTo("gemini");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        vendor.open(new VendorDefinition.Connection(stub.baseUrl(), Map.of(), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GEMINI_API_KEY or GOOGLE_API_KEY");
        assertThat(vendor.baseUrlVariable()).isEqualTo("RETOUCH_GEMINI_BASE_URL");
    }
}
