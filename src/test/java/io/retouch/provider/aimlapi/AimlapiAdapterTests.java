package io.retouch.provider.aimlapi;

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
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** AIMLAPI's synchronous quirks: the whole edit in one submit, its answer held for poll and collect. */
class AimlapiAdapterTests {

    private static final String ATTEMPT = "0b7c6d7e-1111-4000-8000-000000000042";
    private static final String ID = HeldResults.idFor(ATTEMPT);
    private static final String IMAGE_ANSWER = """
            {"description":"","data":[{"url":"https://cdn.aimlapi.com/flamingo/files/b/koala/qnutcal6.png",
              "content_type":"image/png","width":null,"height":null,"file_name":"qnutcal6.png"}],
             "meta":{"usage":{"tokens_used":315000}}}""";

    private final StubVendor aimlapi = new StubVendor();
    private final VendorAdapter adapter = aimlapi.adapter(AimlapiAdapter.SPEC);

    AimlapiAdapterTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        aimlapi.close();
    }

    @Test
    void submitPostsTheEditWithABearerKeyAndNoFieldsAimlapiLacks() {
        aimlapi.answer(200, IMAGE_ANSWER);

        adapter.submit(new EditRequest("Turn the jacket red", List.of("https://in/a.png", "https://in/b.png"), "9:16",
                "4K", "png", 3, null), ATTEMPT);

        StubVendor.Recorded sent = aimlapi.onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(StubVendor.BASE_PATH + "/v1/images/generations");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        JsonNode body = JsonMapper.shared().readTree(sent.body());
        assertThat(body.path("model").stringValue()).isEqualTo("google/nano-banana-pro-edit");
        assertThat(body.path("image_urls").values()).extracting(JsonNode::stringValue)
                .containsExactly("https://in/a.png", "https://in/b.png");
        assertThat(body.path("aspect_ratio").stringValue()).isEqualTo("9:16");
        assertThat(body.path("resolution").stringValue()).isEqualTo("4K");
        assertThat(body.path("num_images").intValue()).isEqualTo(3);
        assertThat(body.has("output_format")).isFalse();
        assertThat(body.has("seed")).isFalse();
    }

    @Test
    void theAnswerIsHeldSoPollAndCollectMakeNoHttpExchange() {
        aimlapi.answer(200, IMAGE_ANSWER);

        SubmitOutcome submitted = adapter.submit(request(), ATTEMPT);

        assertThat(submitted).isInstanceOfSatisfying(SubmitOutcome.Accepted.class, a -> {
            assertThat(a.vendorRequestId()).isEqualTo(ID);
            assertThat(a.call().status()).isEqualTo(200);
            assertThat(a.call().message()).contains("1 image(s)").contains("tokens_used 315000");
        });
        PollOutcome polled = adapter.poll(ID);
        assertThat(polled).isInstanceOf(PollOutcome.Finished.class);
        assertThat(polled.call().method()).isEqualTo("LOCAL");
        CollectOutcome first = adapter.collect(ID);
        CollectOutcome again = adapter.collect(ID);
        assertThat(first).isInstanceOfSatisfying(CollectOutcome.Outputs.class, o -> assertThat(o.outputs())
                .containsExactly(new OutputRef("https://cdn.aimlapi.com/flamingo/files/b/koala/qnutcal6.png", "image/png")));
        assertThat(again).as("a held answer outlives a collect").isEqualTo(first);
        assertThat(first.call().operation()).isEqualTo("collect");
        assertThat(aimlapi.requests()).hasSize(1);
    }

    @Test
    void base64ImagesBecomeDataUrlsAndUrlsWinWhenBothAreThere() {
        aimlapi.answer(200, """
                {"data":[{"url":null,"b64_json":"iVBORw0KGgo="},
                         {"b64_json":"/9j/4AAQ","content_type":"image/jpeg"},
                         {"url":"https://cdn/x.png","b64_json":"iVBORw0KGgo="}],
                 "meta":{"usage":{"credits_used":42}}}""");

        adapter.submit(request(), ATTEMPT);

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Outputs.class, o -> assertThat(o.outputs())
                .containsExactly(new OutputRef("data:image/png;base64,iVBORw0KGgo=", "image/png"),
                        new OutputRef("data:image/jpeg;base64,/9j/4AAQ", "image/jpeg"),
                        new OutputRef("https://cdn/x.png", "image/png")));
    }

    @Test
    void anAnswerWithoutImagesIsATaskThatRanAndFailed() {
        aimlapi.answer(200, "{\"description\":\"I can't edit this image.\",\"data\":[],\"meta\":{\"usage\":{\"credits_used\":9}}}")
                .answer(200, "{\"data\":null,\"meta\":null}");

        SubmitOutcome empty = adapter.submit(request(), ATTEMPT);
        SubmitOutcome nullData = adapter.submit(request(), "attempt-2");

        assertThat(empty).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                a -> assertThat(a.call().message()).contains("credits_used 9"));
        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.error().vendorCode()).isEqualTo("no_images");
            assertThat(f.error().message()).contains("I can't edit this image.");
        });
        assertThat(adapter.collect(ID)).isInstanceOf(CollectOutcome.Failed.class);
        assertThat(nullData).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(adapter.poll(HeldResults.idFor("attempt-2"))).isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void anUnreadableOkAnswerLeavesThePaidEditInDoubt() {
        aimlapi.answer(200, "{\"data\":[{\"url\":\"https://cdn/x.pn")
                .answer(200, "<html>upstream says hi</html>", "Content-Type", "text/html");

        assertThat(adapter.submit(request(), ATTEMPT)).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                u -> assertThat(u.reason()).contains("unreadable"));
        assertThat(adapter.submit(request(), "attempt-2")).isInstanceOf(SubmitOutcome.Unknown.class);
        assertThat(adapter.poll(ID)).as("nothing is held for it").isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void pollOfAnAnswerNotHeldIsAVerdictAndCancelIsLocal() {
        assertThat(adapter.poll(HeldResults.idFor("never-submitted"))).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(f.error().errorClass()).isEqualTo(ErrorClass.OUTPUT_EXPIRED));
        VendorCall cancel = adapter.cancel(ID);
        assertThat(cancel.method()).isEqualTo("LOCAL");
        assertThat(cancel.status()).isZero();
        assertThat(aimlapi.requests()).isEmpty();
    }

    @Test
    void afterARestartAHeldAnswerIsGoneAndSaysSo() {
        aimlapi.answer(200, IMAGE_ANSWER);
        adapter.submit(request(), ATTEMPT);

        try (VendorAdapter restarted = aimlapi.adapter(AimlapiAdapter.SPEC)) {
            assertThat(restarted.poll(ID)).isInstanceOf(PollOutcome.Failed.class);
            assertThat(restarted.collect(ID)).isInstanceOf(CollectOutcome.Failed.class);
        }
    }

    @Test
    void capabilitiesRefuseWhatAimlapiCannotDo() {
        var caps = AimlapiAdapter.SPEC.capabilities();
        assertThat(caps.refusal(request())).isNull();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "auto", "1K", "png", 1, null))).contains("auto");
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "1:1", "1K", "jpeg", 1, null))).contains("jpeg");
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "1:1", "1K", "png", 1, 7L))).contains("seed");
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "1:1", "4K", "png", 4, null))).isNull();
        assertThat(caps.refusal(new EditRequest("p", java.util.Collections.nCopies(15, "u"), "1:1", "1K", "png", 1, null)))
                .contains("15");
    }

    private static EditRequest request() {
        return new EditRequest("Turn the jacket red", List.of("https://example.com/in.png"), "1:1", "1K", "png", 1, null);
    }
}
