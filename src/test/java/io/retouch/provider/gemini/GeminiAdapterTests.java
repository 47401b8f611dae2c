package io.retouch.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.ContractFixtures;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import io.retouch.provider.http.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronous adapter against canned Google answers, over real HTTP; inputs from {@link ContractFixtures}. */
class GeminiAdapterTests {

    private static final String IMAGE = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"},"
            + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"QUJD\"}}]},\"finishReason\":\"STOP\"}]}";
    private static final String PNG_DATA_URL = "data:image/png;base64,"
            + Base64.getEncoder().encodeToString(ContractFixtures.INPUT_PNG);

    private final StubVendor stub = new StubVendor();
    private final ContractFixtures inputs = new ContractFixtures();
    private final VendorAdapter adapter = stub.adapter(GeminiAdapter.SPEC, Duration.ofSeconds(2));

    GeminiAdapterTests() throws IOException {
    }

    @AfterEach
    void close() {
        adapter.close();
        inputs.close();
        stub.close();
    }

    private static EditRequest edit(String url) {
        return new EditRequest("make it blue", List.of(url), "auto", "1K", "png", 1, null);
    }

    @Test
    void theKeyTravelsInItsHeaderOnlyAndTheImageIsHeld() {
        stub.answer(200, IMAGE);
        SubmitOutcome outcome = adapter.submit(edit(inputs.inputUrl()), "a1");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        String id = ((SubmitOutcome.Accepted) outcome).vendorRequestId();
        assertThat(id).isEqualTo(HeldResults.idFor("a1"));
        var request = stub.onlyRequest();
        assertThat(request.path()).isEqualTo(StubVendor.BASE_PATH + "/v1beta/models/gemini-3-pro-image-preview:generateContent");
        assertThat(request.header("x-goog-api-key")).isEqualTo(StubVendor.KEY);
        assertThat(request.query()).isNull();
        assertThat(request.header("Authorization")).isNull();
        String sent = Json.object(request.body()).path("contents").get(0).path("parts").get(1)
                .path("inline_data").path("data").stringValue();
        assertThat(Base64.getDecoder().decode(sent)).isEqualTo(ContractFixtures.INPUT_PNG);
        assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Finished.class);
        var outputs = ((CollectOutcome.Outputs) adapter.collect(id)).outputs();
        assertThat(outputs.getFirst().url()).isEqualTo("data:image/png;base64,QUJD");
        assertThat(adapter.collect(id)).as("a held answer outlives a collect").isInstanceOf(CollectOutcome.Outputs.class);
    }

    @Test
    void aDataUrlInputIsInlinedWithoutAnyDownload() {
        stub.answer(200, IMAGE);
        assertThat(adapter.submit(edit(PNG_DATA_URL), "a2")).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void aBlockedAnswerIsAcceptedAndFailsAtPoll() {
        stub.answer(200, "{\"candidates\":[{\"finishReason\":\"IMAGE_SAFETY\"}]}");
        String id = ((SubmitOutcome.Accepted) adapter.submit(edit(PNG_DATA_URL), "a3")).vendorRequestId();
        PollOutcome poll = adapter.poll(id);
        assertThat(poll).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) poll).error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(((PollOutcome.Failed) poll).error().vendorCode()).isEqualTo("IMAGE_SAFETY");
        assertThat(adapter.collect(id)).isInstanceOf(CollectOutcome.Failed.class);
    }

    @Test
    void anInputThatCannotBeFetchedIsRefusedAndNothingIsSent() {
        SubmitOutcome outcome = adapter.submit(edit(inputs.missingInputUrl() + "?X-Amz-Signature=secret"), "a4");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        var error = ((SubmitOutcome.Refused) outcome).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
        assertThat(error.vendorCode()).isEqualTo("input_unavailable");
        assertThat(error.message()).contains("404").doesNotContain("secret");
        assertThat(outcome.call().method()).isEqualTo("LOCAL");
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
    void aSeedBeyondInt32IsRefusedBeforeAnythingIsFetchedOrSent() {
        EditRequest seeded = new EditRequest("p", List.of(inputs.missingInputUrl()), "1:1", "1K", "png", 1, 1L << 40);
        var error = ((SubmitOutcome.Refused) adapter.submit(seeded, "a9")).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
        assertThat(error.vendorCode()).isEqualTo("seed_out_of_range");
        assertThat(error.message()).contains("32-bit");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aTimeoutAfterSendingIsInDoubt() {
        stub.answerAfter(Duration.ofSeconds(4), 200, IMAGE);
        SubmitOutcome outcome = adapter.submit(edit(PNG_DATA_URL), "a6");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void aRefusedConnectionIsRetryableAndUnpaid() throws IOException {
        try (VendorAdapter closed = StubVendor.open(GeminiAdapter.SPEC, StubVendor.nowhere(), Duration.ofSeconds(2))) {
            SubmitOutcome outcome = closed.submit(edit(PNG_DATA_URL), "a7");
            assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
            assertThat(((SubmitOutcome.Refused) outcome).error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
        }
    }

    @Test
    void anErrorStatusIsARefusalAndTheKeyNeverShows() {
        stub.answer(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid: " + StubVendor.KEY
                + "\",\"status\":\"INVALID_ARGUMENT\"}}");
        SubmitOutcome outcome = adapter.submit(edit(PNG_DATA_URL), "a8");
        var refused = (SubmitOutcome.Refused) outcome;
        assertThat(refused.error().errorClass()).isEqualTo(ErrorClass.UNAUTHORIZED);
        assertThat(refused.error().message()).doesNotContain(StubVendor.SECRET);
        assertThat(refused.call().toString()).doesNotContain(StubVendor.SECRET);
    }

    @Test
    void credentialsComeFromGeminiApiKeyThenGoogleApiKey() {
        VendorDefinition vendor = GeminiAdapter.SPEC;
        try (var opened = vendor.open(new VendorDefinition.Connection(stub.baseUrl(), Map.of("GOOGLE_API_KEY", "k2"), null))) {
            assertThat(opened.name()).isEqualTo("gemini");
        }
        assertThatThrownBy(() -> vendor.open(new VendorDefinition.Connection(stub.baseUrl(), Map.of(), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GEMINI_API_KEY or GOOGLE_API_KEY");
        assertThat(vendor.baseUrlVariable()).isEqualTo("RETOUCH_GEMINI_BASE_URL");
    }
}
