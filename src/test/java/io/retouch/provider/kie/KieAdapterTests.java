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

/** kie.ai's quirks against canned answers: errors inside HTTP 200, resultJson as a string, no cancel. */
class KieAdapterTests {

    private static final EditRequest EDIT = new EditRequest("Turn the jacket red", List.of("https://in.example/a.png"),
            "auto", "4K", "jpeg", 1, null);

    private StubVendor stub;
    private VendorAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        stub = new StubVendor();
        adapter = stub.adapter(KieAdapter.SPEC);
    }

    @AfterEach
    void stop() {
        adapter.close();
        stub.close();
    }

    @Test
    void createTaskSendsKiesSchemaWithBearerAuthAndJpgForJpeg() {
        stub.answer(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"task_nano-banana-pro_1\"}}");
        SubmitOutcome outcome = adapter.submit(EDIT, "attempt-1");
        assertThat(outcome).isEqualTo(new SubmitOutcome.Accepted("task_nano-banana-pro_1", outcome.call()));
        StubVendor.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(StubVendor.BASE_PATH + "/api/v1/jobs/createTask");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        JsonNode body = Json.object(request.body());
        assertThat(body.path("model").stringValue()).isEqualTo("nano-banana-pro");
        assertThat(body.has("callBackUrl")).isFalse();
        JsonNode input = body.path("input");
        assertThat(input.path("output_format").stringValue()).isEqualTo("jpg");
        assertThat(input.path("aspect_ratio").stringValue()).isEqualTo("auto");
        assertThat(input.path("resolution").stringValue()).isEqualTo("4K");
        assertThat(input.path("image_input").get(0).stringValue()).isEqualTo("https://in.example/a.png");
        assertThat(input.has("seed") || input.has("num_images")).isFalse();
        assertThat(outcome.call().url()).doesNotContain(StubVendor.KEY);
    }

    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "200|{\"code\":401,\"msg\":\"You do not have access permissions\"}|UNAUTHORIZED|401",
            "200|{\"code\":402,\"msg\":\"Credits insufficient\"}|OUT_OF_CREDIT|402",
            "200|{\"code\":422,\"msg\":\"input.aspect_ratio is invalid\"}|INVALID_REQUEST|422",
            "200|{\"code\":429,\"msg\":\"Rate limited\"}|RATE_LIMITED|429",
            "200|{\"code\":455,\"msg\":\"Service under maintenance\"}|RETRYABLE|455",
            "200|{\"code\":500,\"msg\":\"Server error\"}|RETRYABLE|500",
            "200|{\"code\":\"501\",\"msg\":\"Generation failed\"}|VENDOR_TASK_FAILED|501",
            "200|{\"code\":505,\"msg\":\"Feature disabled\"}|INVALID_REQUEST|505",
            "401|{\"code\":401,\"msg\":\"You do not have access permissions\"}|UNAUTHORIZED|401",
            "402|{\"msg\":\"Insufficient credits\"}|OUT_OF_CREDIT|402",
            "404|Not Found|INVALID_REQUEST|404",
            "503|{\"code\":455,\"msg\":\"maintenance\"}|RETRYABLE|455"})
    void aRefusedCreateTaskIsClassifiedByItsBusinessCodeOrStatus(int status, String body, ErrorClass expected,
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
    void aRealHttp429KeepsItsRetryAfter() {
        stub.answer(429, "{\"code\":429,\"msg\":\"Too many requests\"}", "Retry-After", "5");
        VendorError error = ((SubmitOutcome.Refused) adapter.submit(EDIT, "a")).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(error.message()).isEqualTo("Too many requests");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"code\":200,\"msg\":\"succ", "{\"code\":200,\"msg\":\"success\",\"data\":{}}",
            "{\"code\":200,\"msg\":\"success\"}", "[]", "''"})
    void aSuccessWithoutATaskIdIsInDoubt(String body) {
        stub.answer(200, body);
        assertThat(adapter.submit(EDIT, "a")).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"waiting, Queued", "queuing, Queued", "generating, Running", "success, Finished", "SUCCESS, Finished"})
    void statesMapToPollOutcomes(String state, String expected) {
        stub.answer(200, record(state, "", "", ""));
        PollOutcome outcome = adapter.poll("task_nano-banana-pro_1");
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
        StubVendor.Recorded request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo(StubVendor.BASE_PATH + "/api/v1/jobs/recordInfo");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
    }

    @Test
    void theTaskIdTravelsEncodedInTheQuery() {
        stub.answer(200, record("waiting", "", "", ""));
        adapter.poll("task a&b");
        assertThat(stub.onlyRequest().query()).isEqualTo("taskId=task+a%26b");
    }

    @ParameterizedTest(name = "{0}/{1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "CONTENT_POLICY_VIOLATION|Your request was flagged by the content safety policy|CONTENT_BLOCKED|CONTENT_POLICY_VIOLATION",
            "400|The image contains sensitive content|CONTENT_BLOCKED|400",
            "500|Internal error, please try again later|VENDOR_TASK_FAILED|500",
            // No failCode: the shared table names it "failed" (it was kie's state word "fail").
            "''|''|VENDOR_TASK_FAILED|failed"})
    void aFailedTaskIsAVerdictWithKiesOwnCode(String failCode, String failMsg, ErrorClass expected, String code) {
        stub.answer(200, record("fail", "", failCode, failMsg));
        PollOutcome outcome = adapter.poll("t");
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        VendorError error = ((PollOutcome.Failed) outcome).error();
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
    }

    @Test
    void aNumericFailCodeIsKeptAsText() {
        stub.answer(200, "{\"code\":200,\"message\":\"success\",\"data\":{\"taskId\":\"t\",\"state\":\"fail\","
                + "\"failCode\":501,\"failMsg\":\"generation failed\"}}");
        VendorError error = ((PollOutcome.Failed) adapter.poll("t")).error();
        assertThat(error.vendorCode()).isEqualTo("501");
        assertThat(error.errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
    }

    /**
     * kie's verdicts on a task are the business codes 404, 410 and 501. A 422 used to be one too; since
     * the poll-verdict fix any other 4xx on a status poll leaves the paid task alone.
     */
    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "200|{\"code\":404,\"msg\":\"Task not found\"}|Failed|VENDOR_TASK_FAILED",
            "200|{\"code\":410,\"msg\":\"Task expired\"}|Failed|OUTPUT_EXPIRED",
            "200|{\"code\":422,\"msg\":\"taskId is invalid\"}|Unavailable|INVALID_REQUEST",
            "200|{\"code\":501,\"msg\":\"Generation failed\"}|Failed|VENDOR_TASK_FAILED",
            "200|{\"code\":401,\"msg\":\"You do not have access permissions\"}|Unavailable|UNAUTHORIZED",
            "200|{\"code\":402,\"msg\":\"Credits insufficient\"}|Unavailable|OUT_OF_CREDIT",
            "200|{\"code\":429,\"msg\":\"Rate limited\"}|Unavailable|RATE_LIMITED",
            "200|{\"code\":455,\"msg\":\"maintenance\"}|Unavailable|RETRYABLE",
            "200|{\"code\":500,\"msg\":\"Server error\"}|Unavailable|RETRYABLE",
            "200|{\"code\":505,\"msg\":\"Feature disabled\"}|Unavailable|INVALID_REQUEST",
            "200|{\"code\":200,\"message\":\"success\",\"data\":{\"state\":\"rendering\"}}|Unavailable|RETRYABLE",
            "200|{\"code\":200,\"message\":\"success\",\"data\":null}|Unavailable|RETRYABLE",
            "200|{\"code\":200,\"mess|Unavailable|RETRYABLE",
            "401|{\"code\":401,\"msg\":\"no\"}|Unavailable|UNAUTHORIZED",
            "404|{\"code\":404,\"msg\":\"Task not found\"}|Failed|VENDOR_TASK_FAILED",
            "429|{}|Unavailable|RATE_LIMITED",
            "503|Service Unavailable|Unavailable|RETRYABLE"})
    void aPollErrorIsAVerdictOnlyWhenItIsAboutTheTask(int status, String body, String outcome, ErrorClass expected) {
        stub.answer(status, body);
        PollOutcome polled = adapter.poll("t");
        assertThat(polled.getClass().getSimpleName()).isEqualTo(outcome);
        VendorError error = polled instanceof PollOutcome.Failed f ? f.error() : ((PollOutcome.Unavailable) polled).error();
        assertThat(error.errorClass()).isEqualTo(expected);
    }

    @Test
    void collectParsesResultJsonAJsonString() {
        stub.answer(200, record("success", "{\"resultUrls\":[\"https://cdn.example/o.png\",\"https://cdn.example/p.jpg?x=1\"]}", "", ""));
        CollectOutcome outcome = adapter.collect("t");
        assertThat(outcome).isInstanceOf(CollectOutcome.Outputs.class);
        assertThat(((CollectOutcome.Outputs) outcome).outputs()).containsExactly(
                new OutputRef("https://cdn.example/o.png", "image/png"),
                new OutputRef("https://cdn.example/p.jpg?x=1", "image/jpeg"));
    }

    @Test
    void collectAlsoReadsResultJsonGivenAsAnObject() {
        stub.answer(200, "{\"code\":200,\"message\":\"success\",\"data\":{\"state\":\"success\","
                + "\"resultJson\":{\"resultUrls\":[\"https://cdn.example/o\"]}}}");
        assertThat(((CollectOutcome.Outputs) adapter.collect("t")).outputs())
                .containsExactly(new OutputRef("https://cdn.example/o", null));
    }

    @Test
    void anUnreadableResultJsonIsAskedForAgainNotWrittenOff() {
        stub.answer(200, record("success", "{\"resultUrls\":[\"https://cd", "", ""));
        CollectOutcome outcome = adapter.collect("t");
        assertThat(outcome).isInstanceOf(CollectOutcome.Unavailable.class);
    }

    @Test
    void aSuccessWithoutUrlsFailsTheTask() {
        stub.answer(200, record("success", "{\"resultUrls\":[]}", "", ""));
        CollectOutcome outcome = adapter.collect("t");
        assertThat(outcome).isInstanceOf(CollectOutcome.Failed.class);
        assertThat(((CollectOutcome.Failed) outcome).error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
    }

    @Test
    void collectReportsAFailedTaskAndWaitsForAnUnfinishedOne() {
        stub.answer(200, record("fail", "", "CONTENT_POLICY_VIOLATION", "flagged"));
        stub.answer(200, record("generating", "", "", ""));
        CollectOutcome failed = adapter.collect("t");
        assertThat(((CollectOutcome.Failed) failed).error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(adapter.collect("t")).isInstanceOf(CollectOutcome.Unavailable.class);
        assertThat(failed.call().operation()).isEqualTo("result");
    }

    @Test
    void cancelSendsNothingAndSaysWhy() {
        VendorCall call = adapter.cancel("t");
        assertThat(call.operation()).isEqualTo("cancel");
        assertThat(call.status()).isZero();
        assertThat(call.message()).contains("no cancel");
        assertThat(stub.requests()).isEmpty();
    }

    /** As for every vendor (VendorAdapterTests), here for kie's own path: a refusal inside an HTTP 200. */
    @Test
    void theKeyNeverReachesTheAuditTrailFromARefusalInsideA200() {
        stub.answer(200, "{\"code\":401,\"msg\":\"key " + StubVendor.KEY + " is not valid\"}");
        SubmitOutcome outcome = adapter.submit(EDIT, "a");
        VendorError error = ((SubmitOutcome.Refused) outcome).error();
        assertThat(error.message()).isEqualTo("key *** is not valid");
        assertThat(outcome.call().message()).doesNotContain(StubVendor.SECRET);
    }

    @Test
    void capabilitiesFollowKiesSchema() {
        var caps = KieAdapter.SPEC.capabilities();
        assertThat(caps.aspectRatios()).hasSize(11).contains("auto");
        assertThat(caps.outputFormats()).containsExactlyInAnyOrder("png", "jpeg");
        assertThat(caps.maxInputImages()).isEqualTo(8);
        assertThat(caps.maxPromptLength()).isEqualTo(10_000);
        assertThat(caps.maxNumImages()).isEqualTo(1);
        assertThat(caps.seed()).isFalse();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "1:1", "1K", "webp", 1, null))).isNotNull();
        assertThat(caps.refusal(new EditRequest("p", List.of("u"), "1:1", "1K", "png", 1, 7L))).isNotNull();
    }

    /** A recordInfo answer; {@code resultJson} is embedded as a JSON string, as kie sends it. */
    private static String record(String state, String resultJson, String failCode, String failMsg) {
        var data = Json.object();
        data.put("taskId", "t");
        data.put("model", "nano-banana-pro");
        data.put("state", state);
        data.put("resultJson", resultJson);
        data.put("failCode", failCode);
        data.put("failMsg", failMsg);
        var envelope = Json.object();
        envelope.put("code", 200);
        envelope.put("message", "success");
        envelope.set("data", data);
        return Json.write(envelope);
    }
}
