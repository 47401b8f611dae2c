package io.retouch.provider.fal;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static io.retouch.provider.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;

/** fal's error answers, classified once by {@link FalAdapter#ERRORS} (vendors.md §1.7). */
class FalErrorsTests {

    /** One canned fal error and what it must become; {@code headers} are name, value pairs. */
    record Case(String name, int status, List<String> headers, String body,
                ErrorClass expected, String code, String message, Duration retryAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A canned fal error on collect, and whether it fails the task or only this call. */
    record CollectCase(String name, int status, List<String> headers, String body,
                       Class<? extends CollectOutcome> outcome, ErrorClass expected, Duration retryAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Class<CollectOutcome.Failed> FAILED = CollectOutcome.Failed.class;
    private static final Class<CollectOutcome.Unavailable> UNAVAILABLE = CollectOutcome.Unavailable.class;
    private static final String LOCKED = "{\"detail\":\"User is locked. Reason: Exhausted balance. Top up at fal.ai/dashboard/billing.\"}";
    private static final String MISSING_FIELD = "{\"detail\":[{\"loc\":[\"body\",\"image_urls\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}";
    private static final String POLICY = "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"flagged\",\"type\":\"content_policy_violation\"}]}";
    private static final String DOWNLOAD = "{\"detail\":[{\"loc\":[\"body\",\"image_urls\",0],\"msg\":\"could not download\",\"type\":\"file_download_error\"}]}";

    static final List<Case> SUBMIT_CASES = List.of(
            new Case("429 without Retry-After", 429, List.of(), "{\"detail\":\"Too many requests\"}",
                    RATE_LIMITED, "429", "Too many requests", null),
            new Case("429 with Retry-After", 429, List.of("Retry-After", "7"), "{\"detail\":\"Too many requests\"}",
                    RATE_LIMITED, "429", "Too many requests", Duration.ofSeconds(7)),
            new Case("429 with unreadable Retry-After", 429, List.of("Retry-After", "soon"), "",
                    RATE_LIMITED, "429", "HTTP 429 from fal", null),
            new Case("503 with X-Fal-Error-Type", 503, List.of("X-Fal-Error-Type", "runner_scheduling_failure"),
                    "{\"detail\":\"Could not schedule a runner\"}",
                    RETRYABLE, "runner_scheduling_failure", "Could not schedule a runner", null),
            new Case("500 plain text", 500, List.of("Content-Type", "text/plain"), "Internal Server Error",
                    RETRYABLE, "500", "Internal Server Error", null),
            new Case("502", 502, List.of(), "{\"detail\":\"Bad gateway\",\"error_type\":\"runner_incomplete_response\"}",
                    RETRYABLE, "runner_incomplete_response", "Bad gateway", null),
            new Case("504 gateway timeout", 504, List.of(), "{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}",
                    RETRYABLE, "request_timeout", "Request timed out", null),
            new Case("504 user timeout", 504, List.of("x-fal-request-timeout-type", "user"),
                    "{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}",
                    VENDOR_TASK_FAILED, "request_timeout", "Request timed out", null),
            new Case("503 marked not retryable", 503, List.of("X-Fal-Retryable", "false"), "{\"detail\":\"Broken\"}",
                    VENDOR_TASK_FAILED, "503", "Broken", null),
            new Case("401", 401, List.of(), "{\"detail\":\"Invalid API key\"}",
                    UNAUTHORIZED, "401", "Invalid API key", null),
            new Case("402", 402, List.of(), "{\"detail\":\"Payment required\"}",
                    OUT_OF_CREDIT, "402", "Payment required", null),
            new Case("403 locked account", 403, List.of(), LOCKED,
                    OUT_OF_CREDIT, "403", "User is locked. Reason: Exhausted balance. Top up at fal.ai/dashboard/billing.", null),
            new Case("403 other", 403, List.of(), "{\"detail\":\"Forbidden\"}",
                    UNAUTHORIZED, "403", "Forbidden", null),
            new Case("422 validation", 422, List.of(), MISSING_FIELD,
                    INVALID_REQUEST, "value_error.missing", "field required", null),
            new Case("422 content policy", 422, List.of(), POLICY,
                    CONTENT_BLOCKED, "content_policy_violation", "flagged", null),
            new Case("422 marked retryable", 422, List.of("X-Fal-Retryable", "true"), DOWNLOAD,
                    RETRYABLE, "file_download_error", "could not download", null),
            new Case("400 flat", 400, List.of(), "{\"detail\":\"Bad request\",\"error_type\":\"bad_request\"}",
                    INVALID_REQUEST, "bad_request", "Bad request", null),
            new Case("404 on submit: wrong model path", 404, List.of(), "{\"detail\":\"Application not found\"}",
                    INVALID_REQUEST, "404", "Application not found", null),
            // The common rule (ErrorTable): a 410 on submit is a path that is gone, a refused request;
            // after the submit it is an expired output (see the collect case below).
            new Case("410 on submit", 410, List.of(), "{\"detail\":\"Gone\"}",
                    INVALID_REQUEST, "410", "Gone", null));

    /** Collect decides whether the task failed or only this call did (our key, fal's gateway, our pace). */
    static final List<CollectCase> COLLECT_CASES = List.of(
            new CollectCase("422 validation", 422, List.of(), MISSING_FIELD, FAILED, INVALID_REQUEST, null),
            new CollectCase("422 content policy", 422, List.of(), POLICY, FAILED, CONTENT_BLOCKED, null),
            new CollectCase("422 marked retryable", 422, List.of("X-Fal-Retryable", "true"), DOWNLOAD, FAILED, RETRYABLE, null),
            new CollectCase("404 unknown request", 404, List.of(), "{\"detail\":\"Request not found\"}", FAILED, VENDOR_TASK_FAILED, null),
            new CollectCase("410 expired", 410, List.of(), "{\"detail\":\"Gone\"}", FAILED, OUTPUT_EXPIRED, null),
            new CollectCase("504 user timeout", 504, List.of("x-fal-request-timeout-type", "user"), "{}", FAILED, VENDOR_TASK_FAILED, null),
            new CollectCase("500 marked not retryable", 500, List.of("X-Fal-Retryable", "false"), "{}", FAILED, VENDOR_TASK_FAILED, null),
            new CollectCase("429", 429, List.of("Retry-After", "2"), "{}", UNAVAILABLE, RATE_LIMITED, Duration.ofSeconds(2)),
            new CollectCase("503", 503, List.of(), "{}", UNAVAILABLE, RETRYABLE, null),
            new CollectCase("401", 401, List.of(), "{}", UNAVAILABLE, UNAUTHORIZED, null),
            new CollectCase("403 locked account", 403, List.of(), LOCKED, UNAVAILABLE, OUT_OF_CREDIT, null),
            new CollectCase("301 redirect", 301, List.of("Location", "https://elsewhere/"), "", UNAVAILABLE, INVALID_REQUEST, null));

    private final StubVendor fal = new StubVendor();
    private final VendorAdapter adapter = fal.adapter(FalAdapter.SPEC);

    FalErrorsTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        fal.close();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SUBMIT_CASES")
    void anErrorAnswerToSubmitIsARefusalClassifiedOnce(Case c) {
        fal.answer(c.status(), c.body(), c.headers().toArray(String[]::new));

        SubmitOutcome outcome = adapter.submit(new EditRequest("p", List.of("https://i/a.png"), "auto", "1K", "png", 1, null), "a");

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Refused.class, refused -> {
            VendorError error = refused.error();
            assertThat(error.errorClass()).isEqualTo(c.expected());
            assertThat(error.vendorCode()).isEqualTo(c.code());
            assertThat(error.message()).isEqualTo(c.message());
            assertThat(error.retryAfter()).isEqualTo(c.retryAfter());
            assertThat(refused.call().status()).isEqualTo(c.status());
            assertThat(refused.call().vendorCode()).isEqualTo(c.code());
            assertThat(refused.call().message()).isEqualTo(c.message());
        });
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("COLLECT_CASES")
    void anErrorAnswerToCollectFailsTheTaskOnlyWhenItIsAboutTheTask(CollectCase c) {
        fal.answer(c.status(), c.body(), c.headers().toArray(String[]::new));

        CollectOutcome outcome = adapter.collect("req-1");

        assertThat(outcome).isInstanceOf(c.outcome());
        VendorError error = outcome instanceof CollectOutcome.Failed f ? f.error() : ((CollectOutcome.Unavailable) outcome).error();
        assertThat(error.errorClass()).isEqualTo(c.expected());
        assertThat(error.retryAfter()).isEqualTo(c.retryAfter());
    }
}
