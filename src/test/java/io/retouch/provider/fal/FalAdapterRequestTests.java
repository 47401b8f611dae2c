package io.retouch.provider.fal;

import io.retouch.provider.EditRequest;
import io.retouch.provider.SubmitOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes over the wire: body, headers and the sub-path-less status/result/cancel URLs. */
class FalAdapterRequestTests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";
    private static final String ACCEPTED = """
            {"status":"IN_QUEUE","request_id":"%s","queue_position":0,
             "status_url":"http://x/fal-ai/nano-banana-pro/requests/%1$s/status"}""".formatted(ID);

    private final FalStubServer fal = new FalStubServer();
    private final FalAdapter adapter = new FalAdapter(fal.settings());

    FalAdapterRequestTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        fal.close();
    }

    @Test
    void submitSendsTheGoldenBodyWithKeyAuthToTheEditPath() {
        fal.answer(200, ACCEPTED);
        EditRequest request = new EditRequest("put the car on the california coast",
                List.of("https://img.example/in-1.png", "https://img.example/in-2.png"), "16:9", "2K", "webp", 2, 42L);

        SubmitOutcome outcome = adapter.submit(request, "attempt-1");

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                accepted -> assertThat(accepted.vendorRequestId()).isEqualTo(ID));
        FalStubServer.Recorded sent = fal.onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/fal/fal-ai/nano-banana-pro/edit");
        assertThat(sent.header("Authorization")).isEqualTo("Key " + FalStubServer.KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
        assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree("""
                {"prompt":"put the car on the california coast",
                 "image_urls":["https://img.example/in-1.png","https://img.example/in-2.png"],
                 "num_images":2,"aspect_ratio":"16:9","resolution":"2K","output_format":"webp","seed":42}"""));
    }

    @Test
    void submitOmitsSeedWhenNoneIsChosen() {
        fal.answer(200, ACCEPTED);

        adapter.submit(new EditRequest("p", List.of("https://img.example/a.png"), "auto", "1K", "png", 1, null), "a");

        JsonNode body = JSON.readTree(fal.onlyRequest().body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder(
                "prompt", "image_urls", "num_images", "aspect_ratio", "resolution", "output_format");
    }

    @Test
    void statusResultAndCancelDropTheEditSubPath() {
        fal.answer(200, "{\"status\":\"IN_QUEUE\"}")
                .answer(200, "{\"images\":[{\"url\":\"https://cdn.example/o.png\"}]}")
                .answer(202, "{\"status\":\"CANCELLATION_REQUESTED\"}");

        adapter.poll(ID);
        adapter.collect(ID);
        adapter.cancel(ID);

        assertThat(fal.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET /fal/fal-ai/nano-banana-pro/requests/" + ID + "/status",
                "GET /fal/fal-ai/nano-banana-pro/requests/" + ID,
                "PUT /fal/fal-ai/nano-banana-pro/requests/" + ID + "/cancel");
        assertThat(fal.requests()).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Key " + FalStubServer.KEY);
            assertThat(r.body()).isEmpty();
        });
    }

    @Test
    void auditRecordsNameTheOperationMethodAndUrl() {
        fal.answer(200, ACCEPTED).answer(200, "{\"status\":\"IN_QUEUE\",\"queue_position\":3}");

        var submit = adapter.submit(new EditRequest("p", List.of("https://i/a.png"), "auto", "1K", "png", 1, null), "a");
        var poll = adapter.poll(ID);

        assertThat(submit.call().operation()).isEqualTo("submit");
        assertThat(submit.call().method()).isEqualTo("POST");
        assertThat(submit.call().url()).isEqualTo(fal.baseUrl() + "/fal-ai/nano-banana-pro/edit");
        assertThat(submit.call().status()).isEqualTo(200);
        assertThat(submit.call().message()).contains(ID);
        assertThat(poll.call().operation()).isEqualTo("status");
        assertThat(poll.call().vendorCode()).isEqualTo("IN_QUEUE");
        assertThat(poll.call().message()).isEqualTo("queue position 3");
    }

    @Test
    void aRequestIdCannotEscapeItsPathSegment() {
        fal.answer(200, "{\"status\":\"IN_QUEUE\"}");

        adapter.poll("../../other");

        assertThat(fal.onlyRequest().path()).isEqualTo("/fal/fal-ai/nano-banana-pro/requests/..%2F..%2Fother/status");
    }
}
