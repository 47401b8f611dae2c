package io.retouch.provider.runflow;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.Lookup;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorCall;
import io.retouch.provider.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runflow's async runs API, the {@code runflow-runs} vendor, against canned answers (vendors.md §3.3). */
class RunflowRunsAdapterTests {

    private static final String ATTEMPT = "0190a1b2-0000-4000-8000-000000000042";
    private static final String RUN_ID = "01J0ABCDEF";

    private static final String RUNS = StubVendor.BASE_PATH + "/v1/runs";

    private final StubVendor stub = new StubVendor();
    private final VendorAdapter adapter = stub.adapter(RunflowRunsAdapter.SPEC);

    RunflowRunsAdapterTests() throws IOException {
    }

    @AfterEach
    void close() {
        adapter.close();
        stub.close();
    }

    // --- submit ---

    @Test
    void submitCreatesARunWithBearerAuthAndOurClientRef() {
        stub.answer(201, "{\"id\":\"" + RUN_ID + "\",\"status_code\":\"queued\",\"client_ref\":\"" + ATTEMPT + "\"}");
        SubmitOutcome outcome = adapter.submit(
                new EditRequest("p", List.of("https://in/a.png", "https://in/b.png"), "auto", "4K", "webp", 3, null), ATTEMPT);
        assertThat(outcome).isEqualTo(new SubmitOutcome.Accepted(RUN_ID, outcome.call()));
        var request = stub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo(StubVendor.BASE_PATH + "/v1/models/google/nano-banana-pro/edit/runs");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        var body = Json.object(request.body());
        assertThat(body.path("client_ref").stringValue()).isEqualTo(ATTEMPT);
        assertThat(body.has("callback_url")).isFalse();
        var input = body.path("input");
        assertThat(input.has("seed")).as("no seed unless chosen").isFalse();
        assertThat(input.path("num_images").intValue()).isEqualTo(3);
        assertThat(input.path("image_urls").size()).isEqualTo(2);
        assertThat(outcome.call().operation()).isEqualTo("submit");
        assertThat(outcome.call().vendorCode()).isEqualTo("queued");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"status_code\":\"queued\"}", "{\"id\":\"\"}", "{\"id\":", "[]", "<html>ok</html>"})
    void aSuccessWithoutARunIdIsInDoubt(String body) {
        stub.answer(201, body);
        assertThat(adapter.submit(request(), ATTEMPT)).isInstanceOf(SubmitOutcome.Unknown.class);
    }

    @Test
    void aConflictOnCreateIsInDoubtSinceTheRunMayExist() {
        stub.answer(409, "{\"code\":\"CONFLICT\",\"message\":\"client_ref already used\",\"errors\":null}");
        SubmitOutcome outcome = adapter.submit(request(), ATTEMPT);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
        assertThat(((SubmitOutcome.Unknown) outcome).reason()).contains("409", "client_ref already used");
    }

    // --- poll ---

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "'{\"id\":\"r\",\"status_code\":\"queued\"}', Queued",
            "'{\"id\":\"r\",\"status_code\":\"dispatching\"}', Queued",
            "'{\"id\":\"r\",\"status_code\":\"running\"}', Running",
            "'{\"id\":\"r\",\"status\":\"running\"}', Running",
            "'{\"id\":\"r\",\"status_code\":\"SUCCEEDED\"}', Finished",
            "'{\"id\":\"r\",\"status_code\":\"partial_succeeded\"}', Finished",
            "'{\"id\":\"r\",\"status\":\"failed\",\"failure_code\":\"X\"}', Failed",
            "'{\"id\":\"r\",\"status_code\":\"canceled\"}', Failed",
            "'{\"id\":\"r\",\"status_code\":\"paused\"}', Unavailable",
            "'{\"id\":\"r\"}', Unavailable",
            "'{\"status_code\":', Unavailable"})
    void pollReadsRunflowsStatusWords(String body, String expected) {
        stub.answer(200, body);
        PollOutcome outcome = adapter.poll(RUN_ID);
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(stub.onlyRequest().target()).isEqualTo(RUNS + "/" + RUN_ID);
        assertThat(stub.onlyRequest().method()).isEqualTo("GET");
    }

    /**
     * Only 404 (RUN_NOT_FOUND) and 410 are a verdict on the run. A 400 used to be one too; since the
     * poll-verdict fix any other 4xx on a status poll leaves the paid run alone.
     */
    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({"404, Failed", "410, Failed", "400, Unavailable", "422, Unavailable", "401, Unavailable", "403, Unavailable", "429, Unavailable",
            "500, Unavailable", "503, Unavailable"})
    void pollTellsAVerdictFromAFailedCall(int status, String expected) {
        stub.answer(status, "{\"code\":\"C" + status + "\",\"message\":\"m\",\"errors\":null}");
        assertThat(adapter.poll(RUN_ID).getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void aRunNotFoundIsATaskFailure() {
        stub.answer(404, "{\"code\":\"RUN_NOT_FOUND\",\"message\":\"Run not found\",\"errors\":null}");
        PollOutcome outcome = adapter.poll(RUN_ID);
        assertThat(((PollOutcome.Failed) outcome).error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(((PollOutcome.Failed) outcome).error().vendorCode()).isEqualTo("RUN_NOT_FOUND");
    }

    @Test
    void aRunIdIsKeptInsideItsPathSegment() {
        stub.answer(404, "{\"code\":\"RUN_NOT_FOUND\",\"message\":\"m\"}");
        adapter.poll("../billing/balance");
        assertThat(stub.onlyRequest().target()).isEqualTo(RUNS + "/..%2Fbilling%2Fbalance");
    }

    // --- collect ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"image_urls\":[\"https://cdn/a.png\",\"https://cdn/b.png\"]}",
            "{\"images\":[{\"url\":\"https://cdn/a.png\",\"content_type\":\"image/png\"},{\"url\":\"https://cdn/b.png\"}]}",
            "{\"outputs\":[{\"type\":\"image\",\"url\":\"https://cdn/a.png\"},{\"type\":\"text\",\"url\":\"https://cdn/t.txt\"},{\"url\":\"https://cdn/b.png\"}]}",
            "{\"image_urls\":[\"https://cdn/a.png\",\"https://cdn/b.png\"],\"outputs\":[{\"type\":\"image\",\"url\":\"https://cdn/a.png\"},{\"type\":\"image\",\"url\":\"https://cdn/b.png\"}]}"})
    void collectAcceptsEveryOutputShape(String output) {
        stub.answer(200, "{\"id\":\"r\",\"status_code\":\"succeeded\",\"output\":" + output + "}");
        CollectOutcome outcome = adapter.collect(RUN_ID);
        assertThat(outcome).isInstanceOf(CollectOutcome.Outputs.class);
        assertThat(((CollectOutcome.Outputs) outcome).outputs()).extracting(OutputRef::url)
                .containsExactly("https://cdn/a.png", "https://cdn/b.png");
    }

    @Test
    void aSucceededRunWithoutImagesFails() {
        stub.answer(200, "{\"id\":\"r\",\"status_code\":\"succeeded\",\"output\":{\"text\":\"I cannot\"}}");
        CollectOutcome outcome = adapter.collect(RUN_ID);
        assertThat(((CollectOutcome.Failed) outcome).error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
    }

    @Test
    void collectOnAFailedRunReportsItsFailure() {
        stub.answer(200, "{\"id\":\"r\",\"status_code\":\"failed\",\"failure_code\":\"CONTENT_POLICY_VIOLATION\",\"failure_message\":\"no\"}");
        CollectOutcome outcome = adapter.collect(RUN_ID);
        assertThat(((CollectOutcome.Failed) outcome).error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
    }

    @Test
    void collectBeforeTheEndOrOnABadAnswerLeavesTheRunAlone() {
        stub.answer(200, "{\"id\":\"r\",\"status_code\":\"running\"}").answer(200, "{\"id\":").answer(503, "");
        assertThat(adapter.collect(RUN_ID)).isInstanceOf(CollectOutcome.Unavailable.class);
        assertThat(adapter.collect(RUN_ID)).isInstanceOf(CollectOutcome.Unavailable.class);
        assertThat(adapter.collect(RUN_ID)).isInstanceOf(CollectOutcome.Unavailable.class);
    }

    // --- cancel ---

    @Test
    void cancelPostsToTheRunsCancelUrl() {
        stub.answer(200, "{\"id\":\"r\",\"status_code\":\"canceled\"}");
        VendorCall call = adapter.cancel(RUN_ID);
        assertThat(stub.onlyRequest().method()).isEqualTo("POST");
        assertThat(stub.onlyRequest().target()).isEqualTo(RUNS + "/" + RUN_ID + "/cancel");
        assertThat(call.vendorCode()).isEqualTo("canceled");
    }

    // --- lookup by client_ref (ASSUMED endpoint) ---

    @Test
    void lookupFindsTheRunCarryingOurClientRef() {
        stub.answer(200, "{\"data\":[{\"id\":\"other\",\"client_ref\":\"x\"},{\"id\":\"" + RUN_ID + "\",\"client_ref\":\""
                + ATTEMPT + "\",\"status_code\":\"running\"}],\"next_pq\":null}");
        assertThat(adapter.findByReference(ATTEMPT)).isEqualTo(new Lookup.Found(RUN_ID));
        assertThat(stub.onlyRequest().target()).isEqualTo(RUNS + "?client_ref=" + ATTEMPT);
        assertThat(stub.onlyRequest().header("Authorization")).isEqualTo("Bearer " + StubVendor.KEY);
    }

    @Test
    void anEmptyListMeansAbsent() {
        stub.answer(200, "{\"data\":[],\"next_pq\":null,\"prev_pq\":null}");
        assertThat(adapter.findByReference(ATTEMPT)).isEqualTo(new Lookup.Absent());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "500|{\"code\":\"INTERNAL\",\"message\":\"boom\"}",
            "503|{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"down\"}",
            "429|{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}",
            "401|{\"code\":\"UNAUTHORIZED\",\"message\":\"bad key\"}",
            "400|{\"code\":\"BAD_REQUEST\",\"message\":\"unknown parameter client_ref\"}",
            "200|{\"data\":",
            "200|{\"runs\":[]}",
            "200|{\"data\":{}}",
            "200|{\"data\":[{\"id\":\"someone-elses\",\"client_ref\":\"x\"}]}",
            "200|{\"data\":[{\"id\":\"no-ref-field\"}]}"})
    void anythingElseLeavesTheDoubt(int status, String body) {
        stub.answer(status, body);
        assertThat(adapter.findByReference(ATTEMPT)).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void aLookupThatCannotConnectIsUnknown() throws IOException {
        try (VendorAdapter closed = StubVendor.open(RunflowRunsAdapter.SPEC, StubVendor.nowhere(), Duration.ofSeconds(2))) {
            assertThat(closed.findByReference(ATTEMPT)).isInstanceOf(Lookup.Unknown.class);
        }
    }

    private static EditRequest request() {
        return new EditRequest("edit", List.of("https://in.example/a.png"), "1:1", "1K", "png", 1, null);
    }
}
