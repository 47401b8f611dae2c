package io.retouch.provider.mulerun;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.Capabilities;
import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The adapter's quirks against canned MuleRun answers, and what MuleRun accepts (vendors.md §2, §8), over real HTTP. */
class MuleRunAdapterTests {

    private static final String ID = "123e4567-e89b-12d3-a456-426614174000";
    private static final String TASK_PATH = StubVendor.BASE_PATH + "/vendors/google/v1/nano-banana-pro/edit/" + ID;
    private static final EditRequest EDIT = new EditRequest("Turn the jacket red",
            List.of("https://img.example/in.png", "data:image/png;base64,iVBORw0KGgo="), "16:9", "2K", "png", 1, null);

    private StubVendor stub;
    private VendorAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        stub = new StubVendor();
        adapter = stub.adapter(MuleRunAdapter.SPEC);
    }

    @AfterEach
    void stop() {
        adapter.close();
        stub.close();
    }

    private static String task(String status, String extra) {
        return "{\"task_info\":{\"id\":\"" + ID + "\",\"status\":\"" + status + "\",\"created_at\":\"2025-09-21T00:00:00.000Z\","
                + "\"updated_at\":\"2025-09-21T00:00:00.000Z\"}" + extra + "}";
    }

    // --- submit ---

    @Test
    void submitPostsTheDocumentedBodyWithABearerKey() throws Exception {
        stub.answer(202, task("pending", ""));
        SubmitOutcome outcome = adapter.submit(EDIT, "attempt-1");
        assertThat(outcome).isEqualTo(new SubmitOutcome.Accepted(ID, outcome.call()));
        StubVendor.Recorded sent = stub.onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(StubVendor.BASE_PATH + "/vendors/google/v1/nano-banana-pro/edit");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        JsonNode body = JsonMapper.shared().readTree(sent.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("prompt", "images", "aspect_ratio", "resolution");
        assertThat(body.path("images").get(1).stringValue()).startsWith("data:image/png;base64,");
        assertThat(outcome.call().url()).doesNotContain(StubVendor.KEY);
    }

    @Test
    void submitReadsTheOlderTaskIdSpelling() {
        stub.answer(202, "{\"task_info\":{\"task_id\":\"" + ID + "\",\"status\":\"queued\"}}");
        assertThat(adapter.submit(EDIT, "a")).isInstanceOf(SubmitOutcome.Accepted.class)
                .extracting(o -> ((SubmitOutcome.Accepted) o).vendorRequestId()).isEqualTo(ID);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"task_info\":{\"status\":\"pending\"}}", "{\"task_info\":{\"id\":", "<html>ok</html>"})
    void aTwoHundredWithoutAReadableIdIsInDoubt(String body) {
        stub.answer(202, body);
        SubmitOutcome outcome = adapter.submit(EDIT, "a");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
        assertThat(((SubmitOutcome.Unknown) outcome).reason()).contains("may have been created");
    }

    @ParameterizedTest
    @CsvSource({"auto, 2K, png, 1", "1:1, 4K, png, 1", "1:1, 1K, jpeg, 1", "1:1, 1K, png, 2"})
    void anEditMuleRunCannotServeIsRefusedWithoutACall(String ratio, String resolution, String format, int n) {
        SubmitOutcome outcome = adapter.submit(new EditRequest("p", List.of("https://img.example/a.png"), ratio,
                resolution, format, n, null), "a");
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        assertThat(((SubmitOutcome.Refused) outcome).error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
        assertThat(outcome.call().status()).isZero();
        assertThat(stub.requests()).isEmpty();
    }

    // --- poll: both vocabularies ---

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"pending, Queued", "queued, Queued", "processing, Running", "running, Running",
            "completed, Finished", "succeeded, Finished", "failed, Failed", "COMPLETED, Finished",
            "exploded, Unavailable"})
    void pollReadsBothStatusVocabularies(String status, String expected) {
        stub.answer(200, task(status, ""));
        PollOutcome outcome = adapter.poll(ID);
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
        StubVendor.Recorded sent = stub.onlyRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo(TASK_PATH);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
    }

    @Test
    void aFailedTaskIsAnHttp200WithAnErrorObject() {
        stub.answer(200, "{\"task_info\":{\"id\":\"" + ID + "\",\"status\":\"failed\",\"error\":{\"code\":3001,"
                + "\"title\":\"Task Execution Error\",\"detail\":\"Task execution failed\"}}}");
        PollOutcome outcome = adapter.poll(ID);
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        var error = ((PollOutcome.Failed) outcome).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(error.vendorCode()).isEqualTo("3001");
        assertThat(error.message()).isEqualTo("Task Execution Error: Task execution failed");
    }

    /**
     * Only 404 and 410 are MuleRun's verdict on a task. A 400 used to be one too; since the poll-verdict
     * fix any other 4xx on a status poll leaves the paid task alone (it once failed tasks as INVALID_REQUEST).
     */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"404, Failed", "410, Failed", "400, Unavailable", "422, Unavailable", "401, Unavailable", "402, Unavailable", "403, Unavailable",
            "429, Unavailable", "500, Unavailable", "502, Unavailable", "503, Unavailable"})
    void aPollErrorIsAVerdictOnlyWhenItIsAboutTheTask(int status, String expected) {
        stub.answer(status, "{\"error\":{\"code\":" + status + ",\"title\":\"t\",\"detail\":\"d\"}}");
        assertThat(adapter.poll(ID).getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void aGarbledPollIsUnavailable() {
        stub.answer(200, "{\"task_info\":{\"stat");
        PollOutcome outcome = adapter.poll(ID);
        assertThat(outcome).isInstanceOf(PollOutcome.Unavailable.class);
        assertThat(((PollOutcome.Unavailable) outcome).error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    }

    // --- collect ---

    @ParameterizedTest
    @CsvSource({"completed", "succeeded"})
    void collectReadsPlainUrlStrings(String status) {
        stub.answer(200, task(status, ",\"images\":[\"https://mulerouter.muleusercontent.com/a.png\"],"
                + "\"description\":\"A beautiful sunset\""));
        CollectOutcome outcome = adapter.collect(ID);
        assertThat(outcome).isInstanceOf(CollectOutcome.Outputs.class);
        assertThat(((CollectOutcome.Outputs) outcome).outputs())
                .containsExactly(new OutputRef("https://mulerouter.muleusercontent.com/a.png", "image/png"));
        assertThat(stub.onlyRequest().path()).isEqualTo(TASK_PATH);
    }

    @Test
    void collectAlsoReadsImageObjects() {
        stub.answer(200, task("succeeded", ",\"images\":[{\"url\":\"https://cdn.example/b.png\",\"content_type\":\"image/png\"},"
                + "17, \"ftp://nope\"]"));
        assertThat(((CollectOutcome.Outputs) adapter.collect(ID)).outputs())
                .containsExactly(new OutputRef("https://cdn.example/b.png", "image/png"));
    }

    @Test
    void aFinishedTaskWithoutImagesFailed() {
        stub.answer(200, task("completed", ",\"images\":[],\"description\":\"I cannot edit this image\""));
        CollectOutcome outcome = adapter.collect(ID);
        assertThat(outcome).isInstanceOf(CollectOutcome.Failed.class);
        var error = ((CollectOutcome.Failed) outcome).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(error.vendorCode()).isEqualTo("no_images");
        assertThat(error.message()).contains("I cannot edit this image");
    }

    @ParameterizedTest
    @CsvSource({"processing", "queued"})
    void collectingATaskStillInFlightLeavesItAlone(String status) {
        stub.answer(200, task(status, ""));
        assertThat(adapter.collect(ID)).isInstanceOf(CollectOutcome.Unavailable.class);
    }

    @Test
    void collectingAFailedTaskReportsItsError() {
        stub.answer(200, "{\"task_info\":{\"id\":\"" + ID + "\",\"status\":\"failed\",\"error_code\":4008,"
                + "\"error_message\":\"MuleRouter internal failure\"}}");
        CollectOutcome outcome = adapter.collect(ID);
        assertThat(outcome).isInstanceOf(CollectOutcome.Failed.class);
        assertThat(((CollectOutcome.Failed) outcome).error().vendorCode()).isEqualTo("4008");
    }

    @Test
    void collectErrorsAreVerdictsOnlyForTheTask() {
        stub.answer(404, "").answer(503, "Service Unavailable").answer(200, "not json");
        assertThat(adapter.collect(ID)).isInstanceOf(CollectOutcome.Failed.class);
        assertThat(adapter.collect(ID)).isInstanceOf(CollectOutcome.Unavailable.class);
        assertThat(adapter.collect(ID)).isInstanceOf(CollectOutcome.Unavailable.class);
    }

    // --- cancel, ids ---

    @Test
    void cancelMakesNoCallSinceMuleRunHasNoCancelEndpoint() {
        VendorCall call = adapter.cancel(ID);
        assertThat(call.status()).isZero();
        assertThat(call.operation()).isEqualTo("cancel");
        assertThat(call.vendorCode()).isEqualTo("no_cancel_endpoint");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aStrangeTaskIdStaysInItsPathSegment() {
        stub.answer(200, task("pending", ""));
        adapter.poll("../x y");
        assertThat(stub.onlyRequest().path()).isEqualTo(StubVendor.BASE_PATH + "/vendors/google/v1/nano-banana-pro/edit/..%2Fx%20y");
    }

    // --- what MuleRun accepts (vendors.md §2.2, §8) ---

    @ParameterizedTest
    @CsvSource({"21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"})
    void servesEveryFixedRatioAt1KAnd2K(String ratio) {
        Capabilities caps = MuleRunAdapter.SPEC.capabilities();
        assertThat(caps.refusal(edit(ratio, "1K", "png", 1, null, 1))).isNull();
        assertThat(caps.refusal(edit(ratio, "2K", "png", 1, null, 10))).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"auto, 1K, png, 1, null, 1", "1:1, 4K, png, 1, null, 1",
            "1:1, 1K, jpeg, 1, null, 1", "1:1, 1K, webp, 1, null, 1", "1:1, 1K, png, 2, null, 1",
            "1:1, 1K, png, 1, 7, 1", "1:1, 1K, png, 1, null, 11"})
    void refusesWhatItsEndpointHasNoFieldOrValueFor(String ratio, String res, String format, int n, Long seed, int images) {
        assertThat(MuleRunAdapter.CAPABILITIES.refusal(edit(ratio, res, format, n, seed, images))).isNotNull();
    }

    private static EditRequest edit(String ratio, String res, String format, int n, Long seed, int images) {
        return new EditRequest("p", Collections.nCopies(images, "https://img.example/a.png"), ratio, res, format, n, seed);
    }
}
