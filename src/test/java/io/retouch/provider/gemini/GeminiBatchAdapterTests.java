package io.retouch.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.ContractFixtures;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorDefinition;
import io.retouch.provider.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The Batch adapter against canned Google answers: windows, shared polls, rows by key, cancel. */
class GeminiBatchAdapterTests {

    private static final String CREATED = "{\"name\":\"batches/abc123\",\"metadata\":{\"state\":\"BATCH_STATE_PENDING\"}}";
    private static final String IMAGE = "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":"
            + "\"image/png\",\"data\":\"QUJD\"}}]},\"finishReason\":\"STOP\"}]}";

    private static final String PNG = "data:image/png;base64," + Base64.getEncoder().encodeToString(ContractFixtures.INPUT_PNG);
    private static final String BATCHES = StubVendor.BASE_PATH + "/v1beta/batches/";

    private final StubVendor stub = new StubVendor();
    private VendorAdapter adapter;

    GeminiBatchAdapterTests() throws Exception {
    }

    @AfterEach
    void close() {
        if (adapter != null) adapter.close();
        stub.close();
    }

    private VendorAdapter open(int maxRows, String maxWait) {
        adapter = GeminiBatchAdapter.SPEC.open(new VendorDefinition.Connection(stub.baseUrl(), Map.of("GEMINI_API_KEY",
                StubVendor.KEY, BatchWindow.Limits.MAX_ROWS, String.valueOf(maxRows), BatchWindow.Limits.MAX_WAIT, maxWait),
                Duration.ofSeconds(2)));
        return adapter;
    }

    private static EditRequest edit() {
        return new EditRequest("make it blue", List.of(PNG), "1:1", "1K", "png", 1, null);
    }

    private List<SubmitOutcome> submitConcurrently(int n) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SubmitOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String attempt = "attempt-" + i;
                futures.add(pool.submit(() -> adapter.submit(edit(), attempt)));
            }
            List<SubmitOutcome> outcomes = new ArrayList<>();
            for (Future<SubmitOutcome> f : futures) outcomes.add(f.get());
            return outcomes;
        }
    }

    private static String id(SubmitOutcome outcome) {
        return ((SubmitOutcome.Accepted) outcome).vendorRequestId();
    }

    @Test
    void concurrentSubmitsBecomeOneBatchKeyedByAttempt() throws Exception {
        open(50, "300ms");
        stub.answer(200, CREATED);
        List<SubmitOutcome> outcomes = submitConcurrently(3);
        assertThat(stub.requests()).hasSize(1);
        var post = stub.requests().getFirst();
        assertThat(post.path()).isEqualTo(StubVendor.BASE_PATH + "/v1beta/models/gemini-3-pro-image-preview:batchGenerateContent");
        assertThat(post.header("x-goog-api-key")).isEqualTo(StubVendor.KEY);
        JsonNode rows = Json.object(post.body()).path("batch").path("inputConfig").path("requests").path("requests");
        assertThat(rows.size()).isEqualTo(3);
        List<String> keys = new ArrayList<>();
        rows.values().forEach(r -> keys.add(r.path("metadata").path("key").stringValue()));
        assertThat(keys).containsExactlyInAnyOrder("attempt-0", "attempt-1", "attempt-2");
        assertThat(outcomes).extracting(GeminiBatchAdapterTests::id)
                .containsExactlyInAnyOrder("batches/abc123#attempt-0", "batches/abc123#attempt-1", "batches/abc123#attempt-2");
    }

    @Test
    void aFullWindowIsSentAtOnceAndTheNextOpens() throws Exception {
        open(2, "5s");
        stub.answer(200, CREATED).answer(200, CREATED.replace("abc123", "def456"));
        long start = System.nanoTime();
        List<SubmitOutcome> firstTwo = submitConcurrently(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for a full window").isLessThan(Duration.ofSeconds(4));
        assertThat(firstTwo).allMatch(o -> o instanceof SubmitOutcome.Accepted);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void aRefusedBatchRefusesEveryRow() throws Exception {
        open(50, "200ms");
        stub.answer(429, "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}");
        List<SubmitOutcome> outcomes = submitConcurrently(2);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o).isInstanceOf(SubmitOutcome.Refused.class);
            assertThat(((SubmitOutcome.Refused) o).error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
            assertThat(((SubmitOutcome.Refused) o).error().retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void aBatchAnswerWithoutANameIsInDoubtForEveryRow() throws Exception {
        open(50, "200ms");
        stub.answer(200, "{\"metadata\":{}}");
        assertThat(submitConcurrently(2)).allMatch(o -> o instanceof SubmitOutcome.Unknown);
    }

    @Test
    void rowsOfOneBatchShareOnePoll() throws Exception {
        open(50, "200ms");
        stub.answer(200, CREATED).answer(200, "{\"name\":\"batches/abc123\",\"metadata\":{\"state\":\"BATCH_STATE_RUNNING\"}}");
        List<SubmitOutcome> outcomes = submitConcurrently(2);
        assertThat(adapter.poll(id(outcomes.get(0)))).isInstanceOf(PollOutcome.Running.class);
        PollOutcome second = adapter.poll(id(outcomes.get(1)));
        assertThat(second).isInstanceOf(PollOutcome.Running.class);
        assertThat(second.call().method()).isEqualTo("CACHED");
        assertThat(stub.requests()).hasSize(2);
        assertThat(stub.requests().get(1).path()).isEqualTo(BATCHES + "abc123");
    }

    @Test
    void eachRowCollectsItsOwnResultByKeyIncludingUnderMetadataOutput() throws Exception {
        open(50, "200ms");
        String done = "{\"name\":\"batches/abc123\",\"done\":true,\"metadata\":{\"state\":\"BATCH_STATE_SUCCEEDED\","
                + "\"output\":{\"inlinedResponses\":{\"inlinedResponses\":["
                + "{\"error\":{\"code\":13,\"message\":\"Internal error encountered.\"},\"metadata\":{\"key\":\"attempt-1\"}},"
                + "{\"response\":" + IMAGE + ",\"metadata\":{\"key\":\"attempt-0\"}},"
                + "{\"response\":{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}},\"metadata\":{\"key\":\"attempt-2\"}}"
                + "]}}}}";
        stub.answer(200, CREATED).answer(200, done);
        submitConcurrently(3);
        assertThat(adapter.poll("batches/abc123#attempt-0")).isInstanceOf(PollOutcome.Finished.class);
        var outputs = ((CollectOutcome.Outputs) adapter.collect("batches/abc123#attempt-0")).outputs();
        assertThat(outputs.getFirst().url()).isEqualTo("data:image/png;base64,QUJD");
        var failed = (CollectOutcome.Failed) adapter.collect("batches/abc123#attempt-1");
        assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(failed.error().vendorCode()).isEqualTo("INTERNAL");
        var blocked = (CollectOutcome.Failed) adapter.collect("batches/abc123#attempt-2");
        assertThat(blocked.error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(stub.requests()).as("a finished batch is read once").hasSize(2);
    }

    @Test
    void aStoppedBatchStillYieldsTheRowsThatRan() throws Exception {
        open(50, "200ms");
        String cancelled = "{\"name\":\"batches/abc123\",\"done\":true,\"metadata\":{\"state\":\"BATCH_STATE_CANCELLED\"},"
                + "\"response\":{\"inlinedResponses\":{\"inlinedResponses\":[{\"response\":" + IMAGE
                + ",\"metadata\":{\"key\":\"attempt-0\"}}]}}}";
        stub.answer(200, CREATED).answer(200, cancelled);
        submitConcurrently(2);
        assertThat(adapter.poll("batches/abc123#attempt-0")).isInstanceOf(PollOutcome.Finished.class);
        PollOutcome other = adapter.poll("batches/abc123#attempt-1");
        assertThat(other).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) other).error().vendorCode()).isEqualTo("BATCH_STATE_CANCELLED");
    }

    @Test
    void aFailedPollIsNotCachedAndLeavesTheTaskAlone() throws Exception {
        open(50, "200ms");
        stub.answer(200, CREATED).answer(503, "{\"error\":{\"code\":503,\"message\":\"down\",\"status\":\"UNAVAILABLE\"}}")
                .answer(200, "{\"name\":\"batches/abc123\",\"metadata\":{\"state\":\"BATCH_STATE_PENDING\"}}");
        String id = id(submitConcurrently(1).getFirst());
        assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Unavailable.class);
        assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Queued.class);
    }

    @Test
    void aBatchIsCancelledOnlyWhenEveryRowOfItIsGivenUp() throws Exception {
        open(50, "200ms");
        stub.answer(200, CREATED).answer(200, "{}");
        List<SubmitOutcome> outcomes = submitConcurrently(2);
        var first = adapter.cancel(id(outcomes.get(0)));
        assertThat(first.method()).isEqualTo("LOCAL");
        assertThat(stub.requests()).hasSize(1);
        var last = adapter.cancel(id(outcomes.get(1)));
        assertThat(last.method()).isEqualTo("POST");
        assertThat(stub.requests().get(1).path()).isEqualTo(BATCHES + "abc123:cancel");
    }

    @Test
    void aBatchThisProcessDidNotSendIsNeverCancelled() {
        open(50, "200ms");
        assertThat(adapter.cancel("batches/zzz#attempt-9").method()).isEqualTo("LOCAL");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void closingRefusesRowsStillWaitingForTheirWindow() throws Exception {
        open(50, "5s");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SubmitOutcome> waiting = pool.submit(() -> adapter.submit(edit(), "attempt-x"));
            Thread.sleep(500);
            adapter.close();
            SubmitOutcome outcome = waiting.get();
            assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
            assertThat(((SubmitOutcome.Refused) outcome).error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
        }
        assertThat(stub.requests()).isEmpty();
        adapter = null;
    }

    @Test
    void malformedIdsAreVerdictsWithoutACall() {
        open(50, "200ms");
        assertThat(adapter.poll("sync-123")).isInstanceOf(PollOutcome.Failed.class);
        assertThat(stub.requests()).isEmpty();
    }

    /** Only an unknown batch or a malformed id is a verdict at poll; key and billing trouble, 429 and 5xx are not. */
    @ParameterizedTest(name = "{0} {1} → {3}")
    @CsvSource(delimiter = '|', value = {
            "404 | NOT_FOUND          | Requested entity was not found. | Failed",
            "400 | INVALID_ARGUMENT   | Invalid batch name.             | Failed",
            "400 | INVALID_ARGUMENT   | API key not valid.              | Unavailable",
            "403 | PERMISSION_DENIED  | This API method requires billing to be enabled. | Unavailable",
            "429 | RESOURCE_EXHAUSTED | quota                           | Unavailable",
            "503 | UNAVAILABLE        | down                            | Unavailable"})
    void onlyAnUnknownOrMalformedBatchIsAVerdictAtPoll(int status, String word, String message, String expected) {
        open(50, "200ms");
        stub.answer(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + word + "\"}}");
        assertThat(adapter.poll("batches/abc123#attempt-0").getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void windowLimitsAreReadFromTheEnvironment() {
        BatchWindow.Limits limits = BatchWindow.Limits.from(Map.of(BatchWindow.Limits.MAX_ROWS, "10",
                BatchWindow.Limits.MAX_BYTES, "5MB", BatchWindow.Limits.MAX_WAIT, "1m"));
        assertThat(limits).isEqualTo(new BatchWindow.Limits(10, 5_000_000, Duration.ofMinutes(1)));
        assertThat(BatchWindow.Limits.from(Map.of())).isEqualTo(BatchWindow.Limits.DEFAULTS);
        assertThatThrownBy(() -> BatchWindow.Limits.from(Map.of(BatchWindow.Limits.MAX_BYTES, "30MB")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BatchWindow.Limits.MAX_BYTES);
        assertThatThrownBy(() -> BatchWindow.Limits.from(Map.of(BatchWindow.Limits.MAX_WAIT, "soon")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeminiBatchAdapter.SPEC.open(new VendorDefinition.Connection(stub.baseUrl(),
                Map.of("GEMINI_API_KEY", StubVendor.KEY, BatchWindow.Limits.MAX_ROWS, "many"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BatchWindow.Limits.MAX_ROWS);
        assertThat(GeminiBatchAdapter.SPEC.settingVariables()).containsExactly(BatchWindow.Limits.MAX_ROWS,
                BatchWindow.Limits.MAX_BYTES, BatchWindow.Limits.MAX_WAIT);
        assertThat(GeminiBatchAdapter.SPEC.baseUrlVariable()).isEqualTo("RETOUCH_GEMINI_BATCH_BASE_URL");
    }
}
