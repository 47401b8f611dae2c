package io.retouch.provider.mulerun;

import static io.retouch.provider.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** MuleRun's failures, classified once by {@link MuleRunAdapter#ERRORS} (vendors.md §2.3, §2.4). */
class MuleRunErrorsTests {

    record Case(String name, String operation, int status, List<String> headers, String body,
                ErrorClass expected, String code, String message, Duration retryAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String BALANCE = "{\"error\":{\"code\":402,\"title\":\"Payment Required\",\"detail\":\"Insufficient balance\"}}";

    static final List<Case> HTTP_CASES = List.of(
            new Case("400 bad params", "submit", 400, List.of(),
                    "{\"error\":{\"code\":400,\"title\":\"Bad Request\",\"detail\":\"resolution: must be one of 1K, 2K\"}}",
                    INVALID_REQUEST, "400", "Bad Request: resolution: must be one of 1K, 2K", null),
            new Case("400 moderation", "submit", 400, List.of(),
                    "{\"error\":{\"code\":\"content_policy_violation\",\"detail\":\"prompt rejected by moderation\"}}",
                    CONTENT_BLOCKED, "content_policy_violation", "prompt rejected by moderation", null),
            new Case("401", "submit", 401, List.of(), "{\"error\":{\"code\":401,\"detail\":\"Invalid or expired token\"}}",
                    UNAUTHORIZED, "401", "Invalid or expired token", null),
            new Case("402 insufficient balance", "submit", 402, List.of(), BALANCE,
                    OUT_OF_CREDIT, "402", "Payment Required: Insufficient balance", null),
            new Case("402 without body", "submit", 402, List.of(), "",
                    OUT_OF_CREDIT, "402", "HTTP 402 from MuleRun", null),
            new Case("403 forbidden", "submit", 403, List.of(), "{\"message\":\"Forbidden: beta model\"}",
                    UNAUTHORIZED, "403", "Forbidden: beta model", null),
            new Case("403 mentioning the balance", "submit", 403, List.of(), "{\"error\":\"account suspended: balance exhausted\"}",
                    OUT_OF_CREDIT, "403", "account suspended: balance exhausted", null),
            new Case("404 on submit is our path", "submit", 404, List.of(), "{\"detail\":\"Not Found\"}",
                    INVALID_REQUEST, "404", "Not Found", null),
            new Case("404 on poll is an unknown task", "status", 404, List.of(), "{\"error\":{\"code\":404,\"detail\":\"Task not found\"}}",
                    VENDOR_TASK_FAILED, "404", "Task not found", null),
            new Case("405", "submit", 405, List.of(), "", INVALID_REQUEST, "405", "HTTP 405 from MuleRun", null),
            new Case("429 rate limit with Retry-After", "submit", 429, List.of("Retry-After", "3"),
                    "{\"error\":{\"code\":429,\"title\":\"Too Many Requests\",\"detail\":\"Rate limit exceeded\"}}",
                    RATE_LIMITED, "429", "Too Many Requests: Rate limit exceeded", Duration.ofSeconds(3)),
            new Case("429 daily spend limit", "submit", 429, List.of(), "{\"error_code\":\"daily_spend_limit\",\"message\":\"Daily spend limit reached\"}",
                    RATE_LIMITED, "daily_spend_limit", "Daily spend limit reached", null),
            new Case("451", "submit", 451, List.of(), "{}", CONTENT_BLOCKED, "451", "{}", null),
            new Case("500 plain text", "submit", 500, List.of("Content-Type", "text/plain"), "Internal Server Error",
                    RETRYABLE, "500", "Internal Server Error", null),
            new Case("502 upstream", "submit", 502, List.of(), "{\"error\":{\"code\":502,\"detail\":\"Upstream error\"}}",
                    RETRYABLE, "502", "Upstream error", null),
            new Case("503 with Retry-After keeps no retry hint", "submit", 503, List.of("Retry-After", "5"), "",
                    RETRYABLE, "503", "HTTP 503 from MuleRun", null),
            new Case("302 means a wrong base URL", "submit", 302, List.of(), "", INVALID_REQUEST, "302", "HTTP 302 from MuleRun", null));

    @ParameterizedTest
    @FieldSource("HTTP_CASES")
    void httpErrorsAreClassifiedByStatusAndBody(Case c) {
        VendorError error = MuleRunAdapter.ERRORS.of(StubVendor.reply(c.operation(), c.status(), c.body(),
                c.headers().toArray(String[]::new)));
        assertThat(error.errorClass()).isEqualTo(c.expected());
        assertThat(error.vendorCode()).isEqualTo(c.code());
        assertThat(error.message()).isEqualTo(c.message());
        assertThat(error.retryAfter()).isEqualTo(c.retryAfter());
    }

    @Test
    void aTransportFailureIsRetryable() {
        HttpReply failed = new HttpReply("status", "GET", URI.create("http://x/t"), 0, noHeaders(), "",
                "HttpTimeoutException: request timed out", false, 5);
        assertThat(MuleRunAdapter.ERRORS.of(failed).errorClass()).isEqualTo(RETRYABLE);
        assertThat(MuleRunAdapter.ERRORS.isTaskVerdict(failed)).isFalse();
    }

    record TaskCase(String name, String body, ErrorClass expected, String code, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<TaskCase> TASK_CASES = List.of(
            new TaskCase("documented error object", "{\"task_info\":{\"status\":\"failed\",\"error\":{\"code\":3001,"
                    + "\"title\":\"Task Execution Error\",\"detail\":\"Task execution failed\"}}}",
                    VENDOR_TASK_FAILED, "3001", "Task Execution Error: Task execution failed"),
            new TaskCase("MuleRouter side 4002", "{\"task_info\":{\"status\":\"failed\",\"error\":{\"code\":\"4002\","
                    + "\"detail\":\"Internal processing error\"}}}", VENDOR_TASK_FAILED, "4002", "Internal processing error"),
            new TaskCase("flat error_code", "{\"task_info\":{\"status\":\"failed\",\"error_code\":4008,"
                    + "\"error_message\":\"MuleRouter failed\"}}", VENDOR_TASK_FAILED, "4008", "MuleRouter failed"),
            new TaskCase("error at the top level", "{\"task_info\":{\"status\":\"failed\"},\"error\":{\"code\":3003,"
                    + "\"title\":\"Upstream Error\"}}", VENDOR_TASK_FAILED, "3003", "Upstream Error"),
            new TaskCase("error as a string", "{\"task_info\":{\"status\":\"failed\",\"error\":\"upstream timed out\"}}",
                    VENDOR_TASK_FAILED, "failed", "upstream timed out"),
            new TaskCase("no error at all", "{\"task_info\":{\"status\":\"failed\"}}",
                    VENDOR_TASK_FAILED, "failed", "MuleRun reported the task failed without saying why"),
            new TaskCase("safety block in the detail", "{\"task_info\":{\"status\":\"failed\",\"error\":{\"code\":3001,"
                    + "\"title\":\"Task Execution Error\",\"detail\":\"The request was blocked by the upstream safety filters\"}}}",
                    CONTENT_BLOCKED, "3001", "Task Execution Error: The request was blocked by the upstream safety filters"),
            new TaskCase("content policy in the flat message", "{\"task_info\":{\"status\":\"failed\",\"error_code\":3002,"
                    + "\"error_message\":\"Content Policy Violation\"}}", CONTENT_BLOCKED, "3002", "Content Policy Violation"));

    /** A failed task is an HTTP 200 answer to the poll: each case goes through the adapter. */
    @ParameterizedTest
    @FieldSource("TASK_CASES")
    void failedTasksKeepMuleRunsCodeAndAreBlockedOnlyWhenTheWordsSaySo(TaskCase c) throws IOException {
        try (StubVendor stub = new StubVendor(); VendorAdapter adapter = stub.adapter(MuleRunAdapter.SPEC)) {
            stub.answer(200, c.body());
            PollOutcome polled = adapter.poll("t");
            assertThat(polled).isInstanceOf(PollOutcome.Failed.class);
            VendorError error = ((PollOutcome.Failed) polled).error();
            assertThat(error.errorClass()).isEqualTo(c.expected());
            assertThat(error.vendorCode()).isEqualTo(c.code());
            assertThat(error.message()).isEqualTo(c.message());
        }
    }

    private static HttpHeaders noHeaders() {
        return HttpHeaders.of(Map.of(), (a, b) -> true);
    }
}
