package io.retouch.provider.fal;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How fal's answers to status, result and cancel become outcomes. */
class FalAdapterOutcomeTests {

    private static final String ID = "req-1";

    private final FalStubServer fal = new FalStubServer();
    private final FalAdapter adapter = new FalAdapter(fal.settings());

    FalAdapterOutcomeTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        fal.close();
    }

    @ParameterizedTest
    @CsvSource({"IN_QUEUE, Queued", "IN_PROGRESS, Running", "COMPLETED, Finished"})
    void eachFalStatusMapsToItsPollOutcome(String falStatus, String outcome) {
        fal.answer(200, "{\"status\":\"" + falStatus + "\",\"request_id\":\"" + ID + "\",\"logs\":null}");

        PollOutcome polled = adapter.poll(ID);

        assertThat(polled.getClass().getSimpleName()).isEqualTo(outcome);
        assertThat(polled.call().vendorCode()).isEqualTo(falStatus);
    }

    @Test
    void malformedStatusBodyLeavesThePollUnavailableAndSaysSo() {
        fal.answer(200, "{\"status\":\"IN_PROG");

        PollOutcome polled = adapter.poll(ID);

        assertThat(polled).isInstanceOfSatisfying(PollOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
            assertThat(u.error().message()).contains("malformed");
        });
    }

    @Test
    void anUnknownStatusIsNotMistakenForProgress() {
        fal.answer(200, "{\"status\":\"FAILED\"}");

        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).contains("unknown status 'FAILED'"));
    }

    @Test
    void pollOfARequestFalDoesNotKnowFailsTheTask() {
        fal.answer(404, "{\"detail\":\"Request not found\"}");

        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.error().message()).isEqualTo("Request not found");
        });
    }

    @Test
    void completedThen422IsAFailedCollectKeepingFalsTypeAndMessage() {
        fal.answer(200, "{\"status\":\"COMPLETED\",\"metrics\":{\"inference_time\":12.3}}")
                .answer(422, """
                        {"detail":[{"loc":["body","image_urls",0],"msg":"Failed to download the file.",
                          "type":"file_download_error","url":"https://docs.fal.ai/errors/#file_download_error"}]}""");

        assertThat(adapter.poll(ID)).isInstanceOf(PollOutcome.Finished.class);
        CollectOutcome collected = adapter.collect(ID);

        assertThat(collected).isInstanceOfSatisfying(CollectOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
            assertThat(f.error().vendorCode()).isEqualTo("file_download_error");
            assertThat(f.error().message()).isEqualTo("Failed to download the file.");
            assertThat(f.call().status()).isEqualTo(422);
            assertThat(f.call().vendorCode()).isEqualTo("file_download_error");
        });
    }

    @Test
    void contentPolicyViolationOnResultIsContentBlocked() {
        fal.answer(422, """
                {"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained
                 material flagged by a content checker.","type":"content_policy_violation"}]}""".replace("\n", ""));

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
            assertThat(f.error().vendorCode()).isEqualTo("content_policy_violation");
        });
    }

    @Test
    void resultImagesBecomeOutputs() {
        fal.answer(200, """
                {"images":[{"url":"https://cdn.example/1.png","content_type":"image/png","file_name":"1.png"},
                           {"url":"https://cdn.example/2.png"}],"description":""}""");

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Outputs.class,
                o -> assertThat(o.outputs()).containsExactly(
                        new OutputRef("https://cdn.example/1.png", "image/png"),
                        new OutputRef("https://cdn.example/2.png", null)));
    }

    @Test
    void aResultWithoutImagesIsAFailedTaskCarryingTheModelsExplanation() {
        fal.answer(200, "{\"images\":[],\"description\":\"I can't edit this image.\"}");

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.error().message()).contains("I can't edit this image.");
        });
    }

    @Test
    void malformedResultBodyLeavesTheCollectUnavailable() {
        fal.answer(200, "<html>bad gateway</html>", "Content-Type", "text/html");

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
            assertThat(u.error().message()).contains("malformed");
        });
    }

    @Test
    void cancelRecordsFalsAnswer() {
        fal.answer(202, "{\"status\":\"CANCELLATION_REQUESTED\"}").answer(400, "{\"status\":\"ALREADY_COMPLETED\"}");

        var requested = adapter.cancel(ID);
        var tooLate = adapter.cancel(ID);

        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.vendorCode()).isEqualTo("CANCELLATION_REQUESTED");
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(tooLate.vendorCode()).isEqualTo("ALREADY_COMPLETED");
    }

    @Test
    void pacingStartsAtTheConfiguredMinimumAndCapsAtTenSeconds() {
        assertThat(adapter.pacing().next(Duration.ZERO)).hasMillis(20);
        assertThat(adapter.pacing().next(Duration.ofSeconds(30))).hasSeconds(3);
        assertThat(adapter.pacing().next(Duration.ofMinutes(30))).hasSeconds(10);
        try (FalAdapter real = new FalAdapter(FalSettings.of(fal.baseUrl(), "k"))) {
            assertThat(real.pacing().min()).hasMillis(500);
        }
    }
}
