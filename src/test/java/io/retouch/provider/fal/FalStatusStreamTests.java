package io.retouch.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.VendorAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the fal adapter sends for the status stream and how it reads what comes back, against a stub
 * answering canned streams. The request is fal-js's own ({@code libs/client/src/queue.ts} @ 381105e1,
 * {@code streamStatus}; {@code streaming.ts} adds {@code accept: text/event-stream}); the reading follows
 * the server-sent-events rules that fal-js's parser ({@code eventsource-parser}) follows.
 */
class FalStatusStreamTests {

    private static final String ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";
    private static final String SSE = "text/event-stream";
    private static final Duration MAX = Duration.ofSeconds(5);

    private final StubVendor fal = new StubVendor();
    private final VendorAdapter adapter = fal.adapter(FalAdapter.SPEC);

    FalStatusStreamTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        fal.close();
    }

    private PollOutcome watch() throws Exception {
        return adapter.watch(ID, MAX).get(10, TimeUnit.SECONDS);
    }

    /** Golden: fal-js {@code streamStatus} builds {@code {queue}/{owner}/{alias}/requests/{id}/status/stream?logs=0}. */
    @Test
    void theStreamIsRequestedAsFalsOwnClientRequestsIt() throws Exception {
        fal.answer(200, "data: {\"status\":\"COMPLETED\"}\n\n", "Content-Type", SSE);

        assertThat(adapter.pushesStatus()).isTrue();
        PollOutcome outcome = watch();

        StubVendor.Recorded sent = fal.onlyRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo(StubVendor.BASE_PATH + "/fal-ai/nano-banana-pro/requests/" + ID + "/status/stream");
        assertThat(sent.query()).isEqualTo("logs=0");
        assertThat(sent.header("Accept")).isEqualTo(SSE);
        assertThat(sent.header("Authorization")).isEqualTo("Key " + StubVendor.KEY);
        assertThat(sent.body()).isEmpty();
        assertThat(outcome).isInstanceOf(PollOutcome.Finished.class);
        assertThat(outcome.call().operation()).isEqualTo("status-stream");
        assertThat(outcome.call().method()).isEqualTo("GET");
        assertThat(outcome.call().url()).isEqualTo(fal.baseUrl() + "/fal-ai/nano-banana-pro/requests/" + ID
                + "/status/stream?logs=0");
        assertThat(outcome.call().status()).isEqualTo(200);
        assertThat(outcome.call().vendorCode()).isEqualTo("COMPLETED");
    }

    @Test
    void eventsAreReadLenientlyAsTheServerSentEventsRulesSay() throws Exception {
        fal.answer(200, """
                : a comment, as a keep-alive\r
                event: status\r
                id: 1\r
                data: {"status":"IN_QUEUE",\r
                data:  "queue_position":2}\r
                \r
                retry: 1000
                data:{"status":"IN_PROGRESS","logs":[]}

                data: {"status":"COMPLETED","metrics":{"inference_time":1.5}}

                """, "Content-Type", SSE + "; charset=utf-8");

        assertThat(watch()).isInstanceOf(PollOutcome.Finished.class);
    }

    @Test
    void aStreamThatEndsWhileTheTaskRunsGivesTheLastStatusSeen() throws Exception {
        fal.answer(200, "data: {\"status\":\"IN_QUEUE\",\"queue_position\":3}\n\n", "Content-Type", SSE)
                .answer(200, "data: {\"status\":\"IN_QUEUE\",\"queue_position\":3}\n\n"
                        + "data: {\"status\":\"IN_PROGRESS\"}\n\n", "Content-Type", SSE)
                .answer(200, "", "Content-Type", SSE)
                .answer(200, "data: {\"status\":\"COMPLETED\"}\n", "Content-Type", SSE);

        PollOutcome queued = watch();
        assertThat(queued).isInstanceOf(PollOutcome.Queued.class);
        assertThat(queued.call().message()).isEqualTo("queue position 3");
        assertThat(watch()).isInstanceOf(PollOutcome.Running.class);
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).isEqualTo("fal ended the status stream before any status"));
        assertThat(watch()).as("an event the stream ends inside of is dropped, as the rules say")
                .isInstanceOf(PollOutcome.Unavailable.class);
    }

    @Test
    void aMalformedEventIsUnavailableWithWhatCameNeverAnException() throws Exception {
        fal.answer(200, "data: {\"status\":\"IN_QUEUE\"}\n\ndata: {\"status\": \"IN_PROGR\n\n", "Content-Type", SSE)
                .answer(200, "data: {\"status\":\"EXPLODED\"}\n\n", "Content-Type", SSE)
                .answer(200, "data: [1,2]\n\n", "Content-Type", SSE)
                .answer(200, "{\"status\": \"IN_PROGR");

        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
            assertThat(u.error().message()).isEqualTo(
                    "fal sent a status event that is not a JSON object: {\"status\": \"IN_PROGR");
        });
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).isEqualTo("fal answered an unknown status 'EXPLODED'"));
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).contains("not a JSON object: [1,2]"));
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().message()).isEqualTo("fal answered the status stream with Content-Type "
                        + "'application/json', not text/event-stream: {\"status\": \"IN_PROGR"));
    }

    @Test
    void errorAnswersAreReadAsAPollsAre() throws Exception {
        fal.answer(401, "{\"detail\":\"Invalid authentication credentials\"}")
                .answer(404, "{\"detail\":\"Request not found\"}")
                .answer(429, "{\"detail\":\"Rate limit exceeded\"}", "Retry-After", "2")
                .answer(503, "{\"detail\":\"Upstream connection error\",\"error_type\":\"runner_connection_error\"}");

        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class,
                u -> assertThat(u.error().errorClass()).isEqualTo(ErrorClass.UNAUTHORIZED));
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
            assertThat(f.call().status()).isEqualTo(404);
        });
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
            assertThat(u.error().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(watch()).isInstanceOfSatisfying(PollOutcome.Unavailable.class, u -> {
            assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
            assertThat(u.error().vendorCode()).isEqualTo("runner_connection_error");
        });
    }

    @Test
    void aStreamThatCannotBeOpenedIsUnavailable() throws Exception {
        try (VendorAdapter nowhere = StubVendor.open(FalAdapter.SPEC, StubVendor.nowhere(), Duration.ofSeconds(2))) {
            PollOutcome outcome = nowhere.watch(ID, MAX).get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(PollOutcome.Unavailable.class, u -> {
                assertThat(u.error().errorClass()).isEqualTo(ErrorClass.RETRYABLE);
                assertThat(u.error().message()).startsWith("transport failure: ");
                assertThat(u.call().status()).isZero();
            });
        }
    }
}
