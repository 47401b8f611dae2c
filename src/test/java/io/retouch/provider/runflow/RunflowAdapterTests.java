package io.retouch.provider.runflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.HeldResults;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.http.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runflow as its seed page documents it, the {@code runflow} vendor: one synchronous POST runs the
 * edit and answers {@code images[].url}; the answer is held for poll and collect (vendors.md §3).
 */
class RunflowAdapterTests {

    private static final String ATTEMPT = "0190a1b2-0000-4000-8000-000000000042";
    private static final String ID = HeldResults.idFor(ATTEMPT);
    private static final String IMAGES = """
            {"images":[{"url":"https://cdn.runflow.io/o/a.png","content_type":"image/png","width":1024,"height":1024},
                       {"url":"https://cdn.runflow.io/o/b.jpg"}],"description":""}""";

    private final StubVendor runflow = new StubVendor();
    private final VendorAdapter adapter = runflow.adapter(RunflowAdapter.SPEC);

    RunflowAdapterTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        runflow.close();
    }

    @Test
    void submitPostsTheFlatInputToTheRunPathWithABearerKey() {
        runflow.answer(200, IMAGES);

        adapter.submit(new EditRequest("Turn the jacket red", List.of("https://in/a.png", "https://in/b.png"), "auto", "4K",
                "webp", 3, 7L), ATTEMPT);

        StubVendor.Recorded sent = runflow.onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.target()).isEqualTo(StubVendor.BASE_PATH + "/v1/run/google/nano-banana-pro/edit");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(Json.object(sent.body())).isEqualTo(Json.object("""
                {"prompt":"Turn the jacket red","image_urls":["https://in/a.png","https://in/b.png"],
                 "aspect_ratio":"auto","resolution":"4K","num_images":3,"output_format":"webp","seed":7}"""));
    }

    @Test
    void noSeedIsSentUnlessChosen() {
        runflow.answer(200, IMAGES);

        adapter.submit(request(), ATTEMPT);

        assertThat(Json.object(runflow.onlyRequest().body()).has("seed")).isFalse();
    }

    @Test
    void anAnswerWithImagesIsAcceptedAndCollectGivesItsUrlsWithoutAnotherCall() {
        runflow.answer(200, IMAGES);

        SubmitOutcome submitted = adapter.submit(request(), ATTEMPT);

        assertThat(submitted).isInstanceOfSatisfying(SubmitOutcome.Accepted.class, a -> {
            assertThat(a.vendorRequestId()).isEqualTo(ID);
            assertThat(a.call().status()).isEqualTo(200);
            assertThat(a.call().message()).contains("2 image(s)");
        });
        PollOutcome polled = adapter.poll(ID);
        assertThat(polled).isInstanceOf(PollOutcome.Finished.class);
        assertThat(polled.call().method()).isEqualTo("LOCAL");
        CollectOutcome first = adapter.collect(ID);
        assertThat(first).isInstanceOfSatisfying(CollectOutcome.Outputs.class, o -> assertThat(o.outputs()).containsExactly(
                new OutputRef("https://cdn.runflow.io/o/a.png", "image/png"),
                new OutputRef("https://cdn.runflow.io/o/b.jpg", "image/jpeg")));
        assertThat(adapter.collect(ID)).as("a held answer outlives a collect").isEqualTo(first);
        assertThat(runflow.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "402|{\"code\":\"INSUFFICIENT_CREDIT\",\"message\":\"Not enough credit\",\"errors\":null}|OUT_OF_CREDIT|INSUFFICIENT_CREDIT",
            "401|{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\",\"errors\":null}|UNAUTHORIZED|UNAUTHORIZED",
            "422|{\"code\":\"VALIDATION_ERROR\",\"message\":\"Request validation failed.\",\"errors\":[{\"field\":\"resolution\",\"message\":\"Field required\"}]}|INVALID_REQUEST|VALIDATION_ERROR",
            "422|{\"code\":\"CONTENT_POLICY_VIOLATION\",\"message\":\"Prompt flagged\",\"errors\":null}|CONTENT_BLOCKED|CONTENT_POLICY_VIOLATION",
            "429|{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded: 60/min\",\"errors\":null}|RATE_LIMITED|RATE_LIMITED",
            "503|{\"code\":\"MODEL_UNAVAILABLE\",\"message\":\"Provider down\",\"errors\":null}|RETRYABLE|MODEL_UNAVAILABLE"})
    void anErrorAnswerIsARefusalWithItsClassAndCode(int status, String body, ErrorClass expected, String code) {
        runflow.answer(status, body);

        SubmitOutcome outcome = adapter.submit(request(), ATTEMPT);

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class, r -> {
            assertThat(r.error().errorClass()).isEqualTo(expected);
            assertThat(r.error().vendorCode()).isEqualTo(code);
            assertThat(r.call().status()).isEqualTo(status);
        });
        assertThat(adapter.poll(ID)).as("nothing is held for a refused edit").isInstanceOf(PollOutcome.Failed.class);
    }

    /** The run endpoint does the edit inside the call: a gateway that gave up says nothing of the edit behind it. */
    @ParameterizedTest
    @CsvSource({"502", "504"})
    void aGatewayThatGaveUpLeavesThePaidEditInDoubt(int status) {
        runflow.answer(status, "<html>" + status + " Gateway Time-out</html>");

        assertThat(adapter.submit(request(), ATTEMPT)).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                u -> assertThat(u.reason()).contains("may have run and been charged"));
    }

    @Test
    void noAnswerWithinTheTimeoutIsInDoubt() {
        try (VendorAdapter impatient = runflow.adapter(RunflowAdapter.SPEC, Duration.ofMillis(300))) {
            runflow.answerAfter(Duration.ofSeconds(2), 200, IMAGES);

            SubmitOutcome outcome = impatient.submit(request(), ATTEMPT);

            assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                    u -> assertThat(u.reason()).contains("may have run"));
            assertThat(outcome.call().status()).isZero();
        }
    }

    @Test
    void anAnswerWithoutImagesIsATaskThatRanAndFailed() {
        runflow.answer(200, "{\"images\":[],\"description\":\"I can't edit this image.\"}");

        assertThat(adapter.submit(request(), ATTEMPT)).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.error().vendorCode()).isEqualTo("no_images");
            assertThat(f.error().message()).contains("I can't edit this image.");
        });
        assertThat(adapter.collect(ID)).isInstanceOf(CollectOutcome.Failed.class);
    }

    @Test
    void anUnreadableOkAnswerLeavesThePaidEditInDoubt() {
        runflow.answer(200, "{\"images\":[{\"url\":\"https://cdn/x.pn");

        assertThat(adapter.submit(request(), ATTEMPT)).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                u -> assertThat(u.reason()).contains("unreadable"));
        assertThat(adapter.poll(ID)).as("nothing is held for it").isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void pollOfAnAnswerNotHeldIsAVerdictAndCancelIsLocal() {
        assertThat(adapter.poll(HeldResults.idFor("never-submitted"))).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(f.error().errorClass()).isEqualTo(ErrorClass.OUTPUT_EXPIRED));
        VendorCall cancel = adapter.cancel(ID);
        assertThat(cancel.method()).isEqualTo("LOCAL");
        assertThat(cancel.status()).isZero();
        assertThat(runflow.requests()).isEmpty();
    }

    /** Both surfaces take the model's full vocabulary and a seed (vendors.md §3.2, §8). */
    @Test
    void acceptsTheModelsFullVocabularyAndASeed() {
        var caps = RunflowAdapter.SPEC.capabilities();
        assertThat(RunflowRunsAdapter.SPEC.capabilities()).isSameAs(caps);
        assertThat(caps.aspectRatios()).hasSize(11).contains("auto", "21:9", "9:16");
        assertThat(caps.resolutions()).containsExactlyInAnyOrder("1K", "2K", "4K");
        assertThat(caps.outputFormats()).containsExactlyInAnyOrder("jpeg", "png", "webp");
        assertThat(caps.maxNumImages()).isEqualTo(4);
        assertThat(caps.maxInputImages()).isEqualTo(14);
        assertThat(caps.seed()).isTrue();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "4:5", "4K", "webp", 4, 3L))).isNull();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "7:3", "1K", "png", 1, null))).isNotNull();
    }

    private static EditRequest request() {
        return new EditRequest("edit", List.of("https://in.example/a.png"), "1:1", "1K", "png", 1, null);
    }
}
