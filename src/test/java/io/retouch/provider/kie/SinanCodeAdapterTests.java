package io.retouch.provider.kie;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SinanCode's quirks against canned answers: its two endpoints ({@code sinancode}, the seed page's
 * edit path; {@code sinancode-pro}, the Pro path), two result shapes, unknown error bodies. The
 * task API is the same for both: the cases beyond the submit body run against {@code sinancode-pro}.
 */
class SinanCodeAdapterTests {

    private static final EditRequest EDIT = new EditRequest("Turn the jacket red", List.of("https://in.example/a.png"),
            "21:9", "4K", "jpeg", 1, null);

    private StubVendor stub;
    private VendorAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        stub = new StubVendor();
        adapter = stub.adapter(SinanCodeAdapter.PRO_SPEC);
    }

    @AfterEach
    void stop() {
        adapter.close();
        stub.close();
    }

    @Test
    void submitGoesToTheProEndpointWithBearerAuthAndJpgForJpeg() {
        stub.answer(200, "{\"task_id\":\"01234567-89ab-cdef-0123-456789abcdef\"}");
        SubmitOutcome outcome = adapter.submit(EDIT, "a");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(((SubmitOutcome.Accepted) outcome).vendorRequestId()).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
        StubVendor.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        // Not /generate/k/nano-banana-edit: that is the non-Pro model (the sinancode vendor).
        assertThat(request.path()).isEqualTo(StubVendor.BASE_PATH + "/v1/generate/k/nano-banana-pro");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        JsonNode body = Json.object(request.body());
        assertThat(body.path("output_format").stringValue()).isEqualTo("jpg");
        assertThat(body.path("aspect_ratio").stringValue()).isEqualTo("21:9");
        assertThat(body.path("resolution").stringValue()).isEqualTo("4K");
        assertThat(body.path("image_input").get(0).stringValue()).isEqualTo("https://in.example/a.png");
        assertThat(body.has("image_urls") || body.has("image_size") || body.has("seed")).isFalse();
    }

    @Test
    void theSeedPagesEndpointTakesImageUrlsImageSizeAndJpeg() {
        stub.answer(200, "{\"task_id\":\"01234567-89ab-cdef-0123-456789abcdef\"}");
        try (VendorAdapter edit = stub.adapter(SinanCodeAdapter.SPEC)) {
            SubmitOutcome outcome = edit.submit(new EditRequest("Turn the jacket red", List.of("https://in.example/a.png",
                    "https://in.example/b.png"), "auto", "1K", "jpeg", 1, null), "a");
            assertThat(outcome).isEqualTo(new SubmitOutcome.Accepted("01234567-89ab-cdef-0123-456789abcdef", outcome.call()));
        }
        StubVendor.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(StubVendor.BASE_PATH + "/v1/generate/k/nano-banana-edit");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        assertThat(Json.object(request.body())).isEqualTo(Json.object("""
                {"image_urls":["https://in.example/a.png","https://in.example/b.png"],"prompt":"Turn the jacket red",
                 "image_size":"auto","output_format":"jpeg"}"""));
    }

    @Test
    void theSeedPagesTasksArePolledAndCollectedAtTheSameResource() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"pending\"}")
                .answer(200, "{\"id\":\"t\",\"status\":\"completed\",\"result\":[\"https://storage.example.com/o.png\"]}");
        try (VendorAdapter edit = stub.adapter(SinanCodeAdapter.SPEC)) {
            assertThat(edit.poll("t-1")).isInstanceOf(PollOutcome.Queued.class);
            assertThat(((CollectOutcome.Outputs) edit.collect("t-1")).outputs())
                    .containsExactly(new OutputRef("https://storage.example.com/o.png", "image/png"));
        }
        assertThat(stub.requests()).extracting(r -> r.method() + " " + r.path())
                .containsOnly("GET " + StubVendor.BASE_PATH + "/v1/tasks/t-1");
    }

    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "400|{\"error_code\":\"invalid_parameter\",\"error_msg\":\"aspect_ratio is invalid\"}|INVALID_REQUEST|invalid_parameter",
            "400|{\"error_code\":\"content_policy_violation\",\"error_msg\":\"flagged\"}|CONTENT_BLOCKED|content_policy_violation",
            "400|{\"error_code\":\"insufficient_balance\"}|OUT_OF_CREDIT|insufficient_balance",
            "401|{\"error_code\":\"unauthorized\",\"error_msg\":\"Invalid or missing API key\"}|UNAUTHORIZED|unauthorized",
            "402|{\"error_code\":\"insufficient_balance\",\"error_msg\":\"Insufficient balance\"}|OUT_OF_CREDIT|insufficient_balance",
            "403|{\"message\":\"Forbidden\"}|UNAUTHORIZED|403",
            "403|{\"code\":402,\"msg\":\"Credits insufficient\"}|OUT_OF_CREDIT|402",
            "404|Not Found|INVALID_REQUEST|404",
            "429|{\"error_code\":\"rate_limited\",\"error_msg\":\"Too many requests\"}|RATE_LIMITED|rate_limited",
            "500|{\"error\":{\"code\":\"internal\",\"message\":\"boom\"}}|RETRYABLE|internal",
            "503|<html>Service Unavailable</html>|RETRYABLE|503"})
    void aRefusedSubmitIsClassifiedByStatusKeepingTheVendorsCode(int status, String body, ErrorClass expected,
                                                                  String code) {
        stub.answer(status, body);
        SubmitOutcome outcome = adapter.submit(EDIT, "a");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        VendorError error = ((SubmitOutcome.Refused) outcome).error();
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
    }

    @Test
    void a429KeepsItsRetryAfter() {
        stub.answer(429, "{\"error_code\":\"rate_limited\",\"error_msg\":\"slow down\"}", "Retry-After", "3");
        VendorError error = ((SubmitOutcome.Refused) adapter.submit(EDIT, "a")).error();
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(error.message()).isEqualTo("slow down");
    }

    @Test
    void errorMsgFallsBackToErrorCode() {
        stub.answer(400, "{\"error_code\":\"invalid_parameter\"}");
        assertThat(((SubmitOutcome.Refused) adapter.submit(EDIT, "a")).error().message()).isEqualTo("invalid_parameter");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"task_i", "{}", "{\"task_id\":\"\"}", "[\"x\"]", "''"})
    void aSuccessWithoutATaskIdIsInDoubt(String body) {
        stub.answer(200, body);
        assertThat(adapter.submit(EDIT, "a")).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void aNumericTaskIdIsAccepted() {
        stub.answer(200, "{\"task_id\":12345}");
        assertThat(((SubmitOutcome.Accepted) adapter.submit(EDIT, "a")).vendorRequestId()).isEqualTo("12345");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"pending, Queued", "processing, Running", "completed, Finished", "Completed, Finished"})
    void statusesMapToPollOutcomes(String status, String expected) {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"" + status + "\"}");
        PollOutcome outcome = adapter.poll("t-1");
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
        StubVendor.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo(StubVendor.BASE_PATH + "/v1/tasks/t-1");
    }

    @Test
    void theTaskIdCannotEscapeItsPathSegment() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"pending\"}");
        adapter.poll("../x y");
        assertThat(stub.onlyRequest().path()).isEqualTo(StubVendor.BASE_PATH + "/v1/tasks/..%2Fx%20y");
    }

    @ParameterizedTest(name = "{0}/{1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "content_policy_violation|The content was flagged|CONTENT_BLOCKED|content_policy_violation",
            "generation_failed|Image generation failed|VENDOR_TASK_FAILED|generation_failed",
            "|Sensitive content detected|CONTENT_BLOCKED|failed",
            "||VENDOR_TASK_FAILED|failed"})
    void aFailedTaskIsAVerdictWithTheVendorsCode(String code, String msg, ErrorClass expected, String vendorCode) {
        var task = Json.object().put("id", "t").put("status", "failed");
        if (code != null) task.put("error_code", code);
        if (msg != null) task.put("error_msg", msg);
        stub.answer(200, Json.write(task));
        PollOutcome outcome = adapter.poll("t");
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        VendorError error = ((PollOutcome.Failed) outcome).error();
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(vendorCode);
        assertThat(error.message()).isNotBlank();
    }

    /**
     * Only 404 and 410 are SinanCode's verdict on a task. A 400 used to be one too; since the
     * poll-verdict fix any other 4xx on a status poll leaves the paid task alone.
     */
    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "404|{\"error_code\":\"task_not_found\",\"error_msg\":\"Task not found\"}|Failed|VENDOR_TASK_FAILED",
            "410|{\"error_code\":\"expired\"}|Failed|OUTPUT_EXPIRED",
            "400|{\"error_code\":\"invalid_task_id\"}|Unavailable|INVALID_REQUEST",
            "401|{\"error_code\":\"unauthorized\"}|Unavailable|UNAUTHORIZED",
            "402|{\"error_code\":\"insufficient_balance\"}|Unavailable|OUT_OF_CREDIT",
            "403|{}|Unavailable|UNAUTHORIZED",
            "429|{\"error_code\":\"rate_limited\"}|Unavailable|RATE_LIMITED",
            "502|{\"error_code\":\"bad_gateway\"}|Unavailable|RETRYABLE",
            "200|{\"status\": \"IN_PROGR|Unavailable|RETRYABLE",
            "200|{\"id\":\"t\"}|Unavailable|RETRYABLE",
            "200|{\"id\":\"t\",\"status\":\"exploded\"}|Unavailable|RETRYABLE"})
    void aPollErrorIsAVerdictOnlyWhenItIsAboutTheTask(int status, String body, String outcome, ErrorClass expected) {
        stub.answer(status, body);
        PollOutcome polled = adapter.poll("t");
        assertThat(polled.getClass().getSimpleName()).isEqualTo(outcome);
        VendorError error = polled instanceof PollOutcome.Failed f ? f.error() : ((PollOutcome.Unavailable) polled).error();
        assertThat(error.errorClass()).isEqualTo(expected);
    }

    @Test
    void collectReadsResultAsStrings() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"completed\",\"result\":[\"https://storage.example.com/generated-image.jpg\"]}");
        assertThat(((CollectOutcome.Outputs) adapter.collect("t")).outputs())
                .containsExactly(new OutputRef("https://storage.example.com/generated-image.jpg", "image/jpeg"));
    }

    @Test
    void collectReadsResultAsObjects() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"completed\",\"error_code\":\"\",\"error_msg\":\"\","
                + "\"result\":[{\"type\":\"image\",\"url\":\"https://storage.example.com/a.png\"},"
                + "{\"type\":\"image/webp\",\"url\":\"https://storage.example.com/b\"},{\"type\":\"image\"}]}");
        assertThat(((CollectOutcome.Outputs) adapter.collect("t")).outputs()).containsExactly(
                new OutputRef("https://storage.example.com/a.png", "image/png"),
                new OutputRef("https://storage.example.com/b", "image/webp"));
    }

    @Test
    void collectReadsAMixOfBothShapes() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"completed\",\"result\":[\"https://s.example/1.png\","
                + "{\"type\":\"image\",\"url\":\"https://s.example/2.png\"}]}");
        assertThat(((CollectOutcome.Outputs) adapter.collect("t")).outputs()).extracting(OutputRef::url)
                .containsExactly("https://s.example/1.png", "https://s.example/2.png");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"id\":\"t\",\"status\":\"completed\",\"result\":[]}",
            "{\"id\":\"t\",\"status\":\"completed\"}", "{\"id\":\"t\",\"status\":\"completed\",\"result\":[{\"type\":\"image\"}]}"})
    void aCompletedTaskWithoutUrlsFails(String body) {
        stub.answer(200, body);
        CollectOutcome outcome = adapter.collect("t");
        assertThat(outcome).isInstanceOf(CollectOutcome.Failed.class);
        assertThat(((CollectOutcome.Failed) outcome).error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
    }

    @Test
    void collectReportsAFailedTaskAndWaitsForAnUnfinishedOne() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"failed\",\"error_code\":\"generation_failed\",\"error_msg\":\"no\"}");
        stub.answer(200, "{\"id\":\"t\",\"status\":\"processing\"}");
        stub.answer(503, "{}");
        assertThat(((CollectOutcome.Failed) adapter.collect("t")).error().errorClass())
                .isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(adapter.collect("t")).isInstanceOf(CollectOutcome.Unavailable.class);
        assertThat(adapter.collect("t")).isInstanceOf(CollectOutcome.Unavailable.class);
    }

    @Test
    void cancelSendsNothingAndSaysWhy() {
        VendorCall call = adapter.cancel("t");
        assertThat(call.operation()).isEqualTo("cancel");
        assertThat(call.status()).isZero();
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void capabilitiesFollowTheProPage() {
        var caps = SinanCodeAdapter.PRO_SPEC.capabilities();
        assertThat(caps.aspectRatios()).hasSize(10).doesNotContain("auto");
        assertThat(caps.outputFormats()).containsExactlyInAnyOrder("png", "jpeg");
        assertThat(caps.resolutions()).containsExactlyInAnyOrder("1K", "2K", "4K");
        assertThat(caps.maxInputImages()).isEqualTo(8);
        assertThat(caps.maxPromptLength()).isEqualTo(5_000);
        assertThat(caps.maxNumImages()).isEqualTo(1);
        assertThat(caps.seed()).isFalse();
    }

    @Test
    void capabilitiesFollowTheSeedPage() {
        var caps = SinanCodeAdapter.SPEC.capabilities();
        assertThat(caps.aspectRatios()).hasSize(11).contains("auto");
        assertThat(caps.outputFormats()).containsExactlyInAnyOrder("png", "jpeg");
        assertThat(caps.resolutions()).containsExactly("1K");
        assertThat(caps.maxNumImages()).isEqualTo(1);
        assertThat(caps.seed()).isFalse();
    }
}
