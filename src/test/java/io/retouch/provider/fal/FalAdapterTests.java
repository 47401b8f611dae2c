package io.retouch.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.retouch.provider.VendorDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * fal's queue (vendors.md §1): what goes over the wire (body, {@code Key} auth, the status, result
 * and cancel URLs without the edit sub-path), how its answers become outcomes, how its key is read.
 */
class FalAdapterTests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";
    private static final String MODEL = StubVendor.BASE_PATH + "/fal-ai/nano-banana-pro";
    private static final String ACCEPTED = """
            {"status":"IN_QUEUE","request_id":"%s","queue_position":0,
             "status_url":"http://x/fal-ai/nano-banana-pro/requests/%1$s/status"}""".formatted(ID);
    private static final EditRequest EDIT = new EditRequest("p", List.of("https://img.example/a.png"), "auto", "1K", "png", 1, null);

    private final StubVendor fal = new StubVendor();
    private final VendorAdapter adapter = fal.adapter(FalAdapter.SPEC);

    FalAdapterTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        fal.close();
    }

    // --- what goes over the wire ---

    @Test
    void submitSendsTheGoldenBodyWithKeyAuthToTheEditPath() {
        fal.answer(200, ACCEPTED);
        EditRequest request = new EditRequest("put the car on the california coast",
                List.of("https://img.example/in-1.png", "https://img.example/in-2.png"), "16:9", "2K", "webp", 2, null);

        SubmitOutcome outcome = adapter.submit(request, "attempt-1");

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                accepted -> assertThat(accepted.vendorRequestId()).isEqualTo(ID));
        StubVendor.Recorded sent = fal.onlyRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(MODEL + "/edit");
        assertThat(sent.header("Authorization")).isEqualTo("Key " + StubVendor.KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
        assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree("""
                {"prompt":"put the car on the california coast",
                 "image_urls":["https://img.example/in-1.png","https://img.example/in-2.png"],
                 "num_images":2,"aspect_ratio":"16:9","resolution":"2K","output_format":"webp"}"""));
    }

    /** fal's seed page names no seed field: an edit asking for one is refused before anything is paid. */
    @Test
    void aSeedIsRefusedWithoutACall() {
        SubmitOutcome outcome = adapter.submit(new EditRequest("p", List.of("https://img.example/a.png"), "auto", "1K",
                "png", 1, 42L), "a");

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class, refused -> {
            assertThat(refused.error().vendorCode()).isEqualTo("not_sent");
            assertThat(refused.error().message()).contains("seed");
        });
        assertThat(fal.requests()).isEmpty();
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
                "GET " + MODEL + "/requests/" + ID + "/status",
                "GET " + MODEL + "/requests/" + ID,
                "PUT " + MODEL + "/requests/" + ID + "/cancel");
        assertThat(fal.requests()).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Key " + StubVendor.KEY);
            assertThat(r.body()).isEmpty();
        });
    }

    /**
     * Fails against the WIP skeleton: TaskApi.poll records {@code call(word, null)} and so drops fal's
     * queue position from the audit trail, which the old FalAdapter kept. Left failing on purpose.
     */
    @Test
    void auditRecordsNameTheOperationMethodAndUrl() {
        fal.answer(200, ACCEPTED).answer(200, "{\"status\":\"IN_QUEUE\",\"queue_position\":3}");

        var submit = adapter.submit(EDIT, "a");
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

        assertThat(fal.onlyRequest().path()).isEqualTo(MODEL + "/requests/..%2F..%2Fother/status");
    }

    @Test
    void a2xxWithoutAReadableRequestIdIsInDoubt() {
        fal.answer(200, "{\"request_id\": \"80e7").answer(200, "{\"status\":\"IN_QUEUE\"}");

        assertThat(adapter.submit(EDIT, "a")).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                u -> assertThat(u.reason()).contains("may have been created"));
        assertThat(adapter.submit(EDIT, "b")).isInstanceOf(SubmitOutcome.Unknown.class);
        assertThat(fal.requests()).hasSize(2);
    }

    // --- how fal's answers become outcomes ---

    @ParameterizedTest
    @CsvSource({"IN_QUEUE, Queued", "IN_PROGRESS, Running", "COMPLETED, Finished"})
    void eachFalStatusMapsToItsPollOutcome(String falStatus, String outcome) {
        fal.answer(200, "{\"status\":\"" + falStatus + "\",\"request_id\":\"" + ID + "\",\"logs\":null}");

        PollOutcome polled = adapter.poll(ID);

        assertThat(polled.getClass().getSimpleName()).isEqualTo(outcome);
        assertThat(polled.call().vendorCode()).isEqualTo(falStatus);
    }

    @Test
    void malformedStatusBodyLeavesThePollUnavailableAndSaysSo() {
        fal.answer(200, "{\"status\":\"IN_PROG");

        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
            assertThat(u.error().message()).contains("malformed");
        });
    }

    @Test
    void anUnknownStatusIsNotMistakenForProgress() {
        fal.answer(200, "{\"status\":\"FAILED\"}");

        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).contains("unknown status 'FAILED'"));
    }

    @Test
    void pollOfARequestFalDoesNotKnowFailsTheTask() {
        fal.answer(404, "{\"detail\":\"Request not found\"}");

        assertThat(adapter.poll(ID)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.error().message()).isEqualTo("Request not found");
        });
    }

    @Test
    void completedThen422IsAFailedCollectKeepingFalsTypeAndMessage() {
        fal.answer(200, "{\"status\":\"COMPLETED\",\"metrics\":{\"inference_time\":12.3}}")
                .answer(422, """
                        {"detail":[{"loc":["body","image_urls",0],"msg":"Failed to download the file.",
                          "type":"file_download_error","url":"https://docs.fal.ai/errors/#file_download_error"}]}""");

        assertThat(adapter.poll(ID)).isInstanceOf(PollOutcome.Finished.class);
        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
            assertThat(f.error().vendorCode()).isEqualTo("file_download_error");
            assertThat(f.error().message()).isEqualTo("Failed to download the file.");
            assertThat(f.call().status()).isEqualTo(422);
            assertThat(f.call().vendorCode()).isEqualTo("file_download_error");
        });
    }

    @Test
    void contentPolicyViolationOnResultIsContentBlocked() {
        fal.answer(422, """
                {"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained
                 material flagged by a content checker.","type":"content_policy_violation"}]}""".replace("\n", ""));

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
            assertThat(f.error().vendorCode()).isEqualTo("content_policy_violation");
        });
    }

    @Test
    void resultImagesBecomeOutputs() {
        fal.answer(200, """
                {"images":[{"url":"https://cdn.example/1.png","content_type":"image/png","file_name":"1.png"},
                           {"url":"https://cdn.example/2.png"},{"url":"https://cdn.example/3"}],"description":""}""");

        // Without a content_type the type is guessed from the extension (the pipeline probes the bytes anyway).
        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Outputs.class,
                o -> assertThat(o.outputs()).containsExactly(
                        new OutputRef("https://cdn.example/1.png", "image/png"),
                        new OutputRef("https://cdn.example/2.png", "image/png"),
                        new OutputRef("https://cdn.example/3", null)));
    }

    @Test
    void aResultWithoutImagesIsAFailedTaskCarryingTheModelsExplanation() {
        fal.answer(200, "{\"images\":[],\"description\":\"I can't edit this image.\"}");

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.error().message()).contains("I can't edit this image.");
        });
    }

    @Test
    void malformedResultBodyLeavesTheCollectUnavailable() {
        fal.answer(200, "<html>bad gateway</html>", "Content-Type", "text/html");

        assertThat(adapter.collect(ID)).isInstanceOfSatisfying(CollectOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
            assertThat(u.error().message()).contains("malformed");
        });
    }

    @Test
    void cancelRecordsFalsAnswer() {
        fal.answer(202, "{\"status\":\"CANCELLATION_REQUESTED\"}").answer(400, "{\"status\":\"ALREADY_COMPLETED\"}");

        VendorCall requested = adapter.cancel(ID);
        VendorCall tooLate = adapter.cancel(ID);

        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.vendorCode()).isEqualTo("CANCELLATION_REQUESTED");
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(tooLate.vendorCode()).isEqualTo("ALREADY_COMPLETED");
    }

    @Test
    void pacingStartsAtFalJsHalfSecondAndCapsAtTenSeconds() {
        assertThat(adapter.pacing().next(Duration.ZERO)).hasMillis(500);
        assertThat(adapter.pacing().next(Duration.ofSeconds(30))).hasSeconds(3);
        assertThat(adapter.pacing().next(Duration.ofMinutes(30))).hasSeconds(10);
    }

    /** Invariant 8: the key reaches fal's Authorization header and nothing else we keep, on every operation. */
    @Test
    void noAuditRecordHoldsTheKeyEvenWhenFalEchoesIt() {
        fal.answer(200, "{\"request_id\":\"r1\"}")
                .answer(401, "{\"detail\":\"Invalid key " + StubVendor.KEY + "\"}")
                .answer(403, "{\"detail\":\"secret " + StubVendor.SECRET + " is revoked\"}", "X-Fal-Error-Type", "auth")
                .answer(200, "{\"status\":\"COMPLETED\"}")
                .answer(200, "{\"images\":[{\"url\":\"https://cdn.example/o.png\"}]}")
                .answer(500, "Key " + StubVendor.KEY, "Content-Type", "text/plain")
                .answer(202, "{\"status\":\"CANCELLATION_REQUESTED\"}");
        List<VendorCall> calls = new ArrayList<>();

        calls.add(adapter.submit(EDIT, "a").call());
        calls.add(adapter.submit(EDIT, "b").call());
        calls.add(adapter.poll("r1").call());
        calls.add(adapter.poll("r1").call());
        calls.add(adapter.collect("r1").call());
        calls.add(adapter.collect("r1").call());
        calls.add(adapter.cancel("r1"));

        assertThat(fal.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Key " + StubVendor.KEY));
        assertThat(calls).hasSize(7).allSatisfy(call -> {
            assertThat(call.toString()).doesNotContain(StubVendor.SECRET);
            assertThat(Stream.of(call.operation(), call.method(), call.url(), call.vendorCode(), call.message()))
                    .allSatisfy(field -> assertThat(String.valueOf(field)).doesNotContain(StubVendor.SECRET));
        });
        assertThat(calls.get(1).message()).isEqualTo("Invalid key ***");
    }

    // --- the key, as fal's own clients read it ---

    @Test
    void falKeyWinsOverTheIdAndSecretPair() {
        assertThat(authorizationSentWith(Map.of("FAL_KEY", "abc:def-0123456789", "FAL_KEY_ID", "other",
                "FAL_KEY_SECRET", "other"))).isEqualTo("Key abc:def-0123456789");
    }

    @Test
    void keyIdAndSecretAreJoinedLikeFalsClientsDo() {
        assertThat(authorizationSentWith(Map.of("FAL_KEY_ID", "id-42", "FAL_KEY_SECRET", "secret-0123456789")))
                .isEqualTo("Key id-42:secret-0123456789");
    }

    @Test
    void aMissingKeyNamesTheVariablesToSet() {
        assertThatThrownBy(() -> FalAdapter.SPEC.open(new VendorDefinition.Connection(fal.baseUrl(), Map.of("FAL_KEY", "  "), null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET");
    }

    @ParameterizedTest
    @CsvSource({"FAL_KEY_ID, id-only-123", "FAL_KEY_SECRET, secret-only-456"})
    void halfAKeyPairIsCalledIncompleteWithoutEchoingIt(String variable, String value) {
        assertThatThrownBy(() -> FalAdapter.SPEC.open(new VendorDefinition.Connection(fal.baseUrl(), Map.of(variable, value), null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("FAL_KEY_ID", "FAL_KEY_SECRET")
                .hasMessageNotContaining(value);
    }

    private String authorizationSentWith(Map<String, String> env) {
        fal.answer(200, ACCEPTED);
        try (VendorAdapter opened = FalAdapter.SPEC.open(new VendorDefinition.Connection(fal.baseUrl(), env, null))) {
            opened.submit(EDIT, "a");
        }
        return fal.onlyRequest().header("Authorization");
    }

    // --- what fal accepts: rows it cannot serve are refused at ingest (vendors.md §8) ---

    @Test
    void acceptsWhatFalsSchemaAllows() {
        Capabilities caps = FalAdapter.CAPABILITIES;
        List<String> fourteen = Collections.nCopies(14, "https://i/a.png");

        assertThat(FalAdapter.SPEC.capabilities()).isSameAs(caps);
        assertThat(caps.refusal(new EditRequest("p", fourteen, "21:9", "4K", "webp", 4, null))).isNull();
        assertThat(caps.refusal(new EditRequest("p", List.of("https://i/a.png"), "auto", "1K", "jpeg", 1, null))).isNull();
    }

    @Test
    void refusesWhatFalWouldReject() {
        Capabilities caps = FalAdapter.CAPABILITIES;
        List<String> one = List.of("https://i/a.png");

        assertThat(caps.refusal(new EditRequest("p", Collections.nCopies(15, "https://i/a.png"), "auto", "1K", "png", 1, null)))
                .contains("at most 14");
        assertThat(caps.refusal(new EditRequest("p", one, "7:3", "1K", "png", 1, null))).contains("aspect ratio");
        assertThat(caps.refusal(new EditRequest("p", one, "auto", "8K", "png", 1, null))).contains("resolution");
        assertThat(caps.refusal(new EditRequest("p", one, "auto", "1K", "jpg", 1, null))).contains("output format");
        assertThat(caps.refusal(new EditRequest("p", one, "auto", "1K", "png", 5, null))).contains("num_images");
        assertThat(caps.refusal(new EditRequest("x".repeat(10_001), one, "auto", "1K", "png", 1, null))).contains("10000");
        assertThat(caps.refusal(new EditRequest("p", one, "auto", "1K", "png", 1, 7L))).contains("seed");
    }
}
