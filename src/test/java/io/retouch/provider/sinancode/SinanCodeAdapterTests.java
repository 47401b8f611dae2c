package io.retouch.provider.sinancode;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.VendorDefinition;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SinanCode's quirks against canned answers: the Pro endpoint, two result shapes, unknown error bodies. */
class SinanCodeAdapterTests {

    private static final EditRequest EDIT = new EditRequest("Turn the jacket red", List.of("https://in.example/a.png"),
            "21:9", "4K", "jpeg", 1, null);

    private SinanCodeStubServer stub;
    private VendorAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        stub = new SinanCodeStubServer();
        adapter = stub.adapter();
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
        SinanCodeStubServer.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        // Not /generate/k/nano-banana-edit: that is the non-Pro model.
        assertThat(request.path()).isEqualTo("/sinancode/v1/generate/k/nano-banana-pro");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + SinanCodeStubServer.KEY);
        JsonNode body = Json.object(request.body());
        assertThat(body.path("output_format").stringValue()).isEqualTo("jpg");
        assertThat(body.path("aspect_ratio").stringValue()).isEqualTo("21:9");
        assertThat(body.path("resolution").stringValue()).isEqualTo("4K");
        assertThat(body.path("image_input").get(0).stringValue()).isEqualTo("https://in.example/a.png");
        assertThat(body.has("image_urls") || body.has("image_size") || body.has("seed")).isFalse();
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

    @Test
    void aSubmitAnsweredTooLateIsInDoubt() {
        stub.answerAfter(Duration.ofMillis(1500), 200, "{\"task_id\":\"t\"}");
        assertThat(adapter.submit(EDIT, "a")).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"pending, Queued", "processing, Running", "completed, Finished", "Completed, Finished"})
    void statusesMapToPollOutcomes(String status, String expected) {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"" + status + "\"}");
        PollOutcome outcome = adapter.poll("t-1");
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
        SinanCodeStubServer.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/sinancode/v1/tasks/t-1");
    }

    @Test
    void theTaskIdCannotEscapeItsPathSegment() {
        stub.answer(200, "{\"id\":\"t\",\"status\":\"pending\"}");
        adapter.poll("../x y");
        assertThat(stub.onlyRequest().path()).isEqualTo("/sinancode/v1/tasks/..%2Fx%20y");
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

    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "404|{\"error_code\":\"task_not_found\",\"error_msg\":\"Task not found\"}|Failed|VENDOR_TASK_FAILED",
            "410|{\"error_code\":\"expired\"}|Failed|OUTPUT_EXPIRED",
            "400|{\"error_code\":\"invalid_task_id\"}|Failed|INVALID_REQUEST",
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
    void theKeyNeverReachesTheAuditTrail() {
        stub.answer(401, "{\"error_code\":\"unauthorized\",\"error_msg\":\"key " + SinanCodeStubServer.KEY + " revoked\"}");
        SubmitOutcome outcome = adapter.submit(EDIT, "a");
        assertThat(((SubmitOutcome.Refused) outcome).error().message()).doesNotContain(SinanCodeStubServer.KEY);
        assertThat(outcome.call().message()).doesNotContain(SinanCodeStubServer.KEY);
    }

    @Test
    void credentialsAndBaseUrlComeFromTheEnvironment() {
        SinanCodeVendor vendor = new SinanCodeVendor();
        assertThat(vendor.baseUrlVariable()).isEqualTo("RETOUCH_SINANCODE_BASE_URL");
        assertThatThrownBy(() -> vendor.open(new VendorDefinition.Connection(null, Map.of(), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SINANCODE_API_KEY");
        stub.answer(200, "{\"id\":\"t\",\"status\":\"pending\"}");
        try (VendorAdapter fromEnv = vendor.open(new VendorDefinition.Connection(null,
                Map.of("SINANCODE_API_KEY", "k2", "RETOUCH_SINANCODE_BASE_URL", stub.baseUrl().toString()), null))) {
            assertThat(fromEnv.poll("t")).isInstanceOf(PollOutcome.Queued.class);
        }
        assertThat(stub.onlyRequest().header("Authorization")).isEqualTo("Bearer k2");
    }

    @Test
    void capabilitiesFollowTheProPage() {
        var caps = new SinanCodeVendor().capabilities();
        assertThat(caps.aspectRatios()).hasSize(10).doesNotContain("auto");
        assertThat(caps.outputFormats()).containsExactlyInAnyOrder("png", "jpeg");
        assertThat(caps.resolutions()).containsExactlyInAnyOrder("1K", "2K", "4K");
        assertThat(caps.maxInputImages()).isEqualTo(8);
        assertThat(caps.maxPromptLength()).isEqualTo(5_000);
        assertThat(caps.maxNumImages()).isEqualTo(1);
        assertThat(caps.seed()).isFalse();
    }
}
