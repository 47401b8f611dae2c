package io.retouch.provider.runflow;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorError;
import io.retouch.provider.EditRequest;
import io.retouch.provider.http.VendorSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.retouch.provider.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runflow's error answers and failed runs, classified once by {@link RunflowAdapter#ERRORS} for both
 * its surfaces, {@code runflow} and {@code runflow-runs} (vendors.md §3.5).
 */
class RunflowErrorsTests {

    record Case(String name, int status, List<String> headers, String body,
                ErrorClass expected, String code, String message, Duration retryAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> SUBMIT_CASES = List.of(
            new Case("400", 400, List.of(), "{\"code\":\"BAD_REQUEST\",\"message\":\"Malformed body\",\"errors\":null}",
                    INVALID_REQUEST, "BAD_REQUEST", "Malformed body", null),
            new Case("401", 401, List.of(), "{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\",\"errors\":null}",
                    UNAUTHORIZED, "UNAUTHORIZED", "Invalid API key", null),
            new Case("402 insufficient credit", 402, List.of(),
                    "{\"code\":\"INSUFFICIENT_CREDIT\",\"message\":\"Not enough credit\",\"errors\":null}",
                    OUT_OF_CREDIT, "INSUFFICIENT_CREDIT", "Not enough credit", null),
            new Case("403 permission denied", 403, List.of(),
                    "{\"code\":\"PERMISSION_DENIED\",\"message\":\"Your account is not authorized to access this resource.\",\"errors\":null}",
                    UNAUTHORIZED, "PERMISSION_DENIED", "Your account is not authorized to access this resource.", null),
            new Case("403 email not verified", 403, List.of(),
                    "{\"code\":\"EMAIL_NOT_VERIFIED\",\"message\":\"Verify your email\",\"errors\":null}",
                    UNAUTHORIZED, "EMAIL_NOT_VERIFIED", "Verify your email", null),
            new Case("403 carrying INSUFFICIENT_CREDIT", 403, List.of(),
                    "{\"code\":\"INSUFFICIENT_CREDIT\",\"message\":\"Top up\",\"errors\":null}",
                    OUT_OF_CREDIT, "INSUFFICIENT_CREDIT", "Top up", null),
            new Case("404 wrong model path", 404, List.of(), "{\"code\":\"MODEL_NOT_FOUND\",\"message\":\"No such model\",\"errors\":null}",
                    INVALID_REQUEST, "MODEL_NOT_FOUND", "No such model", null),
            new Case("422 with field details", 422, List.of(),
                    "{\"code\":\"VALIDATION_ERROR\",\"message\":\"Request validation failed.\",\"errors\":["
                            + "{\"field\":\"input.resolution\",\"message\":\"Input should be '1K', '2K' or '4K'\"},"
                            + "{\"field\":\"input.prompt\",\"message\":\"Field required\"}]}",
                    INVALID_REQUEST, "VALIDATION_ERROR",
                    "Request validation failed. — input.resolution: Input should be '1K', '2K' or '4K'; input.prompt: Field required", null),
            new Case("422 content policy code", 422, List.of(),
                    "{\"code\":\"CONTENT_POLICY_VIOLATION\",\"message\":\"Prompt flagged\",\"errors\":null}",
                    CONTENT_BLOCKED, "CONTENT_POLICY_VIOLATION", "Prompt flagged", null),
            new Case("429 without Retry-After", 429, List.of(),
                    "{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded: 60/min\",\"errors\":null}",
                    RATE_LIMITED, "RATE_LIMITED", "Rate limit exceeded: 60/min", null),
            new Case("429 with Retry-After", 429, List.of("Retry-After", "12"),
                    "{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded: 60/min\",\"errors\":null}",
                    RATE_LIMITED, "RATE_LIMITED", "Rate limit exceeded: 60/min", Duration.ofSeconds(12)),
            new Case("429 empty body", 429, List.of(), "", RATE_LIMITED, "429", "HTTP 429 from Runflow", null),
            new Case("503 model unavailable", 503, List.of(),
                    "{\"code\":\"MODEL_UNAVAILABLE\",\"message\":\"Provider down\",\"errors\":null}",
                    RETRYABLE, "MODEL_UNAVAILABLE", "Provider down", null),
            new Case("502 HTML page", 502, List.of("Content-Type", "text/html"), "<html>Bad Gateway</html>",
                    RETRYABLE, "502", "<html>Bad Gateway</html>", null),
            new Case("302 redirect (wrong base URL)", 302, List.of("Location", "https://runflow.io/"), "",
                    INVALID_REQUEST, "302", "HTTP 302 from Runflow", null));

    private final StubVendor stub = new StubVendor();

    RunflowErrorsTests() throws IOException {
    }

    @AfterEach
    void close() {
        stub.close();
    }

    /**
     * A gateway's 502/504 on a submit is in doubt rather than refused, on both surfaces
     * (PaidTaskRegressionTests, RunflowAdapterTests.aGatewayThatGaveUpLeavesThePaidEditInDoubt).
     */
    static Stream<Arguments> submitCasesOnBothSurfaces() {
        return Stream.of(RunflowAdapter.SPEC, RunflowRunsAdapter.SPEC)
                .flatMap(spec -> SUBMIT_CASES.stream()
                        .filter(c -> c.status() != 502 && c.status() != 504)
                        .map(c -> Arguments.of(spec.name(), spec, c)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("submitCasesOnBothSurfaces")
    void refusedSubmitsAreClassified(String surface, VendorSpec spec, Case c) {
        stub.answer(c.status(), c.body(), c.headers().toArray(String[]::new));
        SubmitOutcome outcome;
        try (VendorAdapter adapter = stub.adapter(spec)) {
            outcome = adapter.submit(request(), "attempt-1");
        }
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        VendorError error = ((SubmitOutcome.Refused) outcome).error();
        assertThat(error.errorClass()).isEqualTo(c.expected());
        assertThat(error.vendorCode()).isEqualTo(c.code());
        assertThat(error.message()).isEqualTo(c.message());
        assertThat(error.retryAfter()).isEqualTo(c.retryAfter());
        assertThat(outcome.call().vendorCode()).isEqualTo(c.code());
        assertThat(outcome.call().status()).isEqualTo(c.status());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "null", value = {
            "CONTENT_POLICY_VIOLATION, CONTENT_BLOCKED",
            "NSFW_CONTENT_DETECTED, CONTENT_BLOCKED",
            "SAFETY_FILTER_TRIGGERED, CONTENT_BLOCKED",
            "content_moderation_rejected, CONTENT_BLOCKED",
            "INPUT_VALIDATION_FAILED, INVALID_REQUEST",
            "PROVIDER_ERROR, VENDOR_TASK_FAILED",
            "DISPATCH_FAILED, VENDOR_TASK_FAILED",
            "TIMEOUT, VENDOR_TASK_FAILED",
            "null, VENDOR_TASK_FAILED"})
    void failureCodesAreClassified(String code, ErrorClass expected) {
        assertThat(RunflowAdapter.ERRORS.taskFailed(code, "Runflow run failed").errorClass()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"status\":\"failed\",\"failure_code\":\"INPUT_VALIDATION_FAILED\",\"failure_stage\":\"preprocess\",\"failure_message\":\"image dimensions exceed 4096x4096\"}"
                    + "|INVALID_REQUEST|INPUT_VALIDATION_FAILED|image dimensions exceed 4096x4096 (stage preprocess)",
            "{\"status_code\":\"failed\",\"failure_code\":\"NSFW_CONTENT_DETECTED\",\"failure_stage_code\":\"inference\",\"failure_message\":\"blocked\"}"
                    + "|CONTENT_BLOCKED|NSFW_CONTENT_DETECTED|blocked (stage inference)",
            "{\"status_code\":\"failed\"}|VENDOR_TASK_FAILED|failed|Runflow run failed",
            "{\"status_code\":\"canceled\"}|VENDOR_TASK_FAILED|canceled|Runflow run was canceled"})
    void failedRunsKeepTheVendorsCodeAndMessage(String run, ErrorClass expected, String code, String message) {
        stub.answer(200, run);
        PollOutcome polled;
        try (VendorAdapter runs = stub.adapter(RunflowRunsAdapter.SPEC)) {
            polled = runs.poll("r");
        }
        assertThat(polled).isInstanceOf(PollOutcome.Failed.class);
        VendorError error = ((PollOutcome.Failed) polled).error();
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(code);
        assertThat(error.message()).isEqualTo(message);
    }

    private static EditRequest request() {
        return new EditRequest("edit", List.of("https://in.example/a.png"), "1:1", "1K", "png", 1, null);
    }
}
