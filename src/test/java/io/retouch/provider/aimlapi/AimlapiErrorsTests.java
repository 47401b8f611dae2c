package io.retouch.provider.aimlapi;

import static io.retouch.provider.ErrorClass.CONTENT_BLOCKED;
import static io.retouch.provider.ErrorClass.INVALID_REQUEST;
import static io.retouch.provider.ErrorClass.OUT_OF_CREDIT;
import static io.retouch.provider.ErrorClass.RATE_LIMITED;
import static io.retouch.provider.ErrorClass.RETRYABLE;
import static io.retouch.provider.ErrorClass.UNAUTHORIZED;
import static io.retouch.provider.ErrorClass.VENDOR_TASK_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.StubVendor;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import io.retouch.provider.VendorError;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** AIMLAPI's error answers to the submit, classified once by {@link AimlapiAdapter#ERRORS} (vendors.md §6.4). */
class AimlapiErrorsTests {

    /** One canned AIMLAPI error and what the submit must come to; {@code headers} are name, value pairs. */
    record Case(String name, int status, List<String> headers, String body, boolean refused,
                ErrorClass expected, String code, String message, Duration retryAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String body(int status, String message) {
        return "{\"message\":\"" + message + "\",\"path\":\"/v1/images/generations\","
                + "\"requestId\":\"798b860e-3f0c-4b7e-9a52-1f2d3c4b5a69\",\"statusCode\":\"" + status + "\","
                + "\"timestamp\":\"2025-03-11T07:13:27.813Z\"}";
    }

    private static final String CREDITS = "You've run out of credits. Please top up your balance or update your payment"
            + " method to continue: https://aimlapi.com/app/billing/";
    private static final String KEY = "This request requires a valid API key. You can create a new API key on the"
            + " Billing page: https://aimlapi.com/app/keys";
    private static final String VALIDATION = """
            {"message":"Body validation error!","errors":[{"code":"invalid_enum_value",
             "message":"Invalid enum value. Expected '21:9' | '1:1', received 'auto'","path":["aspect_ratio"]}],
             "path":"/v1/images/generations","requestId":"r-1","statusCode":"400","timestamp":"2025-03-11T07:13:27.813Z"}""";
    /** A validation error that quotes a prompt mentioning "safety" back must not read as a content block. */
    private static final String VALIDATION_QUOTING_PROMPT = """
            {"message":"Body validation error!","errors":[{"message":"Invalid enum value. Expected 'google/nano-banana-pro-edit', received 'add a safety pin'","path":["model"]}],
             "statusCode":"400"}""";

    static final List<Case> CASES = List.of(
            new Case("400 body validation", 400, List.of(), VALIDATION, true, INVALID_REQUEST, "400",
                    "Body validation error! — aspect_ratio: Invalid enum value. Expected '21:9' | '1:1', received 'auto'", null),
            new Case("400 validation quoting a prompt", 400, List.of(), VALIDATION_QUOTING_PROMPT, true, INVALID_REQUEST,
                    "400", null, null),
            new Case("400 content policy", 400, List.of(), body(400, "The request was rejected by the provider's content"
                    + " policy"), true, CONTENT_BLOCKED, "400", null, null),
            new Case("422 flagged by a safety filter", 422, List.of(), body(422, "Image flagged by the safety filter"),
                    true, CONTENT_BLOCKED, "422", null, null),
            new Case("401 invalid key", 401, List.of(), body(401, KEY), true, UNAUTHORIZED, "401", KEY, null),
            new Case("403 out of credits", 403, List.of(), body(403, CREDITS), true, OUT_OF_CREDIT, "403", CREDITS, null),
            new Case("403 other", 403, List.of(), body(403, "Forbidden resource"), true, UNAUTHORIZED, "403",
                    "Forbidden resource", null),
            new Case("402", 402, List.of(), body(402, "Payment Required"), true, OUT_OF_CREDIT, "402", null, null),
            new Case("404 unknown endpoint", 404, List.of(), "", true, INVALID_REQUEST, "404", "HTTP 404 from AIMLAPI", null),
            new Case("429 too many requests", 429, List.of(), body(429, "Too Many Requests"), true, RATE_LIMITED, "429",
                    "Too Many Requests", null),
            new Case("429 with Retry-After", 429, List.of("Retry-After", "12"), body(429, "Too Many Requests"), true,
                    RATE_LIMITED, "429", null, Duration.ofSeconds(12)),
            new Case("429 free tier", 429, List.of(), body(429, "Free-tier limit: You've reached your free limit for the"
                    + " hour."), true, RATE_LIMITED, "429", null, null),
            new Case("500", 500, List.of(), body(500, "Internal server error"), true, RETRYABLE, "500", null, null),
            new Case("502 partner invalid response", 502, List.of(), body(502, "Partner returned an invalid response"),
                    true, RETRYABLE, "502", null, null),
            new Case("503 model unavailable", 503, List.of(), body(503, "Model is unavailable"), true, RETRYABLE, "503",
                    null, null),
            new Case("503 plain text from a proxy", 503, List.of("Content-Type", "text/html"), "<html>Service Unavailable</html>",
                    true, RETRYABLE, "503", "<html>Service Unavailable</html>", null),
            new Case("504 generation exceeded time limit", 504, List.of(), body(504, "Generation exceeded time limit"),
                    false, VENDOR_TASK_FAILED, "504", "Generation exceeded time limit", null),
            new Case("statusCode as a number", 401, List.of(), "{\"message\":\"Unauthorized\",\"statusCode\":401}", true,
                    UNAUTHORIZED, "401", "Unauthorized", null));

    private final StubVendor aimlapi = new StubVendor();
    private final VendorAdapter adapter = aimlapi.adapter(AimlapiAdapter.SPEC);

    AimlapiErrorsTests() throws IOException {
    }

    @AfterEach
    void stop() {
        adapter.close();
        aimlapi.close();
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void eachErrorAnswerIsClassifiedKeepingAimlapisCodeAndMessage(Case c) {
        aimlapi.answer(c.status(), c.body(), c.headers().toArray(String[]::new));

        SubmitOutcome outcome = adapter.submit(request(), "attempt-1");

        VendorError error;
        if (c.refused()) {
            assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
            error = ((SubmitOutcome.Refused) outcome).error();
        } else {
            // The edit ran and failed: taken (maybe charged), its failure held for poll.
            assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
            PollOutcome polled = adapter.poll(((SubmitOutcome.Accepted) outcome).vendorRequestId());
            assertThat(polled).isInstanceOf(PollOutcome.Failed.class);
            error = ((PollOutcome.Failed) polled).error();
        }
        assertThat(error.errorClass()).isEqualTo(c.expected());
        assertThat(error.vendorCode()).isEqualTo(c.code());
        if (c.message() != null) assertThat(error.message()).isEqualTo(c.message());
        assertThat(error.retryAfter()).isEqualTo(c.retryAfter());
        assertThat(outcome.call().status()).isEqualTo(c.status());
    }

    private static EditRequest request() {
        return new EditRequest("Turn the jacket red", List.of("https://example.com/in.png"), "1:1", "1K", "png", 1, null);
    }
}
