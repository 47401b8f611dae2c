package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.aimlapi.AimlapiAdapter;
import io.retouch.provider.fal.FalAdapter;
import io.retouch.provider.http.VendorSpec;
import io.retouch.provider.kie.KieAdapter;
import io.retouch.provider.mulerun.MuleRunAdapter;
import io.retouch.provider.runflow.RunflowAdapter;
import io.retouch.provider.runflow.RunflowRunsAdapter;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bugs a review of the shared skeleton found, each one a way to pay twice, to write a paid task
 * off, or to stop a vendor's whole lane over one row. One test per bug, named after it.
 */
class PaidTaskRegressionTests {

    private static final EditRequest EDIT = new EditRequest("Turn the jacket red", List.of("https://in.example/a.png"),
            "1:1", "1K", "png", 1, null);

    private final StubVendor stub = new StubVendor();

    PaidTaskRegressionTests() throws IOException {
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private SubmitOutcome submit(VendorSpec spec) {
        try (VendorAdapter adapter = stub.adapter(spec)) {
            return adapter.submit(EDIT, "attempt-1");
        }
    }

    /** Money words in a row's own text (a file name, "insufficient resolution") stopped the vendor's lane as out of credit. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "mulerun|400|{\"error\":{\"code\":400,\"title\":\"Bad Request\",\"detail\":\"Insufficient image resolution\"}}",
            "fal|422|{\"detail\":[{\"loc\":[\"body\",\"image_urls\",0],\"msg\":\"could not download https://cdn.example/credit-card-promo.png\",\"type\":\"file_download_error\"}]}"})
    void wordsAboutMoneyOnlyMeanOutOfCreditOnAForbiddenAnswer(String vendor, int status, String body) {
        stub.answer(status, body);
        SubmitOutcome outcome = submit(vendor.equals("fal") ? FalAdapter.SPEC : MuleRunAdapter.SPEC);
        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class,
                r -> assertThat(r.error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST));
    }

    /** A gateway's 502/504 on a create call was refused, so the pipeline created (and paid for) the task again. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mulerun, 504", "kie, 502", "runflow-runs, 504"})
    void aGatewayThatGaveUpOnACreateLeavesTheTaskInDoubt(String vendor, int status) {
        stub.answer(status, "<html>Gateway Time-out</html>");
        VendorSpec spec = switch (vendor) {
            case "mulerun" -> MuleRunAdapter.SPEC;
            case "kie" -> KieAdapter.SPEC;
            default -> RunflowRunsAdapter.SPEC;
        };
        assertThat(submit(spec)).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    /** fal documents that it charges nothing for a server error: its 5xx stays a refusal, to be submitted again. */
    @Test
    void falsServerErrorsStayRefusals() {
        stub.answer(504, "{\"detail\":\"Gateway timeout\"}");
        assertThat(submit(FalAdapter.SPEC)).isInstanceOf(SubmitOutcome.Refused.class);
    }

    /** Runflow's run endpoint does the edit inside the call: a 500 after it ran was refused and paid again. */
    @ParameterizedTest
    @CsvSource({"500", "502", "504", "524"})
    void aServerErrorFromTheRunEndpointLeavesTheEditInDoubt(int status) {
        stub.answer(status, "{\"code\":\"INTERNAL_ERROR\",\"message\":\"oops\",\"errors\":null}");
        assertThat(submit(RunflowAdapter.SPEC)).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    /** ...but the provider being down, which Runflow documents as 503 MODEL_UNAVAILABLE, ran nothing. */
    @Test
    void aModelThatIsDownIsARefusalOfTheRunEndpoint() {
        stub.answer(503, "{\"code\":\"MODEL_UNAVAILABLE\",\"message\":\"Provider down\",\"errors\":null}");
        assertThat(submit(RunflowAdapter.SPEC)).isInstanceOf(SubmitOutcome.Refused.class);
    }

    /** A run object (no images field) from the run endpoint was taken for a paid edit that made nothing, and failed. */
    @Test
    void anAnswerWithoutTheImagesFieldIsInDoubtNotAnEditThatMadeNothing() {
        stub.answer(200, "{\"id\":\"01J0RUN\",\"status_code\":\"queued\"}");
        assertThat(submit(RunflowAdapter.SPEC)).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    /** AIMLAPI keeps its documented meanings: no usage on an error answer, so its 502 charged nothing. */
    @Test
    void aimlapisPartnerErrorStaysARefusal() {
        stub.answer(502, "{\"message\":\"Partner returned an invalid response\",\"statusCode\":\"502\"}");
        assertThat(submit(AimlapiAdapter.SPEC)).isInstanceOf(SubmitOutcome.Refused.class);
    }

    /** Safety refusals worded as a "usage policy" or a block, or listed second by fal, read as plain failures. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kie|200|{\"code\":200,\"data\":{\"taskId\":\"t1\",\"state\":\"fail\",\"failCode\":\"400\",\"failMsg\":\"Your prompt violates our usage policy\"}}",
            "mulerun|200|{\"task_info\":{\"id\":\"t1\",\"status\":\"failed\",\"error\":{\"code\":3001,\"detail\":\"Request blocked by the upstream provider\"}}}"})
    void aSafetyRefusalInOtherWordsIsStillABlock(String vendor, int status, String body) {
        stub.answer(status, body);
        try (VendorAdapter adapter = stub.adapter(vendor.equals("kie") ? KieAdapter.SPEC : MuleRunAdapter.SPEC)) {
            assertThat(adapter.poll("t1")).isInstanceOfSatisfying(PollOutcome.Failed.class,
                    f -> assertThat(f.error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED));
        }
    }

    @Test
    void falsContentCheckerIsFoundInAnyDetailOfAFailedResult() {
        stub.answer(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"too long\",\"type\":\"value_error\"},"
                + "{\"loc\":[\"body\",\"prompt\"],\"msg\":\"flagged\",\"type\":\"content_policy_violation\"}]}");
        try (VendorAdapter adapter = stub.adapter(FalAdapter.SPEC)) {
            assertThat(adapter.collect("r1")).isInstanceOfSatisfying(CollectOutcome.Failed.class,
                    f -> assertThat(f.error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED));
        }
    }

    /** A run that failed with a code meaning "slow down" on HTTP was Failed at poll but Unavailable at collect. */
    @Test
    void aFailedRunIsFinalWhateverItsFailureCodeMeansOnHttp() {
        String failed = "{\"id\":\"r1\",\"status_code\":\"failed\",\"failure_code\":\"RATE_LIMITED\",\"failure_message\":\"quota\"}";
        stub.answer(200, failed).answer(200, failed);
        try (VendorAdapter adapter = stub.adapter(RunflowRunsAdapter.SPEC)) {
            assertThat(adapter.poll("r1")).isInstanceOfSatisfying(PollOutcome.Failed.class,
                    f -> assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED));
            assertThat(adapter.collect("r1")).isInstanceOf(CollectOutcome.Failed.class);
        }
    }
}
