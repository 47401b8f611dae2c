package io.retouch.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.Json;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classification table of docs/vendors/gemini.md, row by row, through {@link GeminiAdapter#ERRORS}. */
class GeminiErrorsTests {

    private static HttpReply reply(String operation, int status, String body) {
        return new HttpReply(operation, "POST", URI.create("http://x/v1beta/models/m:generateContent"), status,
                HttpHeaders.of(Map.of(), (a, b) -> true), body, null, false, 1);
    }

    private static String envelope(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    @ParameterizedTest(name = "{0} {1} on {3} → {4}")
    @CsvSource(delimiter = '|', value = {
            "400 | INVALID_ARGUMENT    | Invalid value at 'generation_config'             | submit | INVALID_REQUEST",
            "400 | FAILED_PRECONDITION | User location is not supported for the API use.  | submit | OUT_OF_CREDIT",
            "400 | INVALID_ARGUMENT    | API key not valid. Please pass a valid API key.   | submit | UNAUTHORIZED",
            "401 | UNAUTHENTICATED     | Request had invalid authentication credentials.   | submit | UNAUTHORIZED",
            "403 | PERMISSION_DENIED   | Your API key was reported as leaked.              | submit | UNAUTHORIZED",
            "403 | PERMISSION_DENIED   | This API method requires billing to be enabled.   | submit | OUT_OF_CREDIT",
            "404 | NOT_FOUND           | models/x is not found for API version v1beta      | submit | INVALID_REQUEST",
            "404 | NOT_FOUND           | Requested entity was not found.                   | poll   | VENDOR_TASK_FAILED",
            "429 | RESOURCE_EXHAUSTED  | You exceeded your current quota, please check your plan and billing details. | submit | RATE_LIMITED",
            "429 | RESOURCE_EXHAUSTED  | Your prepayment credits are depleted. Please go to AI Studio | submit | OUT_OF_CREDIT",
            "500 | INTERNAL            | An internal error has occurred.                   | submit | RETRYABLE",
            "503 | UNAVAILABLE         | The model is overloaded. Please try again later.  | submit | RETRYABLE",
            "504 | DEADLINE_EXCEEDED   | Deadline expired before operation could complete. | submit | RETRYABLE",
            "499 | CANCELLED           | The operation was cancelled.                      | submit | RETRYABLE"})
    void theEnvelopeIsClassifiedByStatusAndWords(int http, String status, String message, String operation,
                                                 ErrorClass expected) {
        VendorError error = GeminiAdapter.ERRORS.of(reply(operation, http, envelope(http, status, message)));
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).startsWith(status);
        assertThat(error.message()).isEqualTo(message);
    }

    @Test
    void anInvalidKeyIsToldApartByItsErrorInfoReason() {
        String body = "{\"error\":{\"code\":400,\"message\":\"Bad key\",\"status\":\"INVALID_ARGUMENT\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]}}";
        VendorError error = GeminiAdapter.ERRORS.of(reply("submit", 400, body));
        assertThat(error.errorClass()).isEqualTo(ErrorClass.UNAUTHORIZED);
        assertThat(error.vendorCode()).isEqualTo("INVALID_ARGUMENT/API_KEY_INVALID");
    }

    @Test
    void theRetryHintComesFromRetryInfoInTheBody() {
        String body = "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[]},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"7.5s\"}]}}";
        VendorError error = GeminiAdapter.ERRORS.of(reply("submit", 429, body));
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(7500));
        assertThat(GeminiAdapter.ERRORS.of(reply("submit", 429, envelope(429, "RESOURCE_EXHAUSTED", "q"))).retryAfter()).isNull();
    }

    @Test
    void anEnvelopeInAOneItemArrayIsReadToo() {
        VendorError error = GeminiAdapter.ERRORS.of(reply("submit", 429, "[" + envelope(429, "RESOURCE_EXHAUSTED",
                "Your prepayment credits are depleted.") + "]"));
        assertThat(error.errorClass()).isEqualTo(ErrorClass.OUT_OF_CREDIT);
        assertThat(error.vendorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.message()).isEqualTo("Your prepayment credits are depleted.");
    }

    @Test
    void aBodyThatIsNotGooglesEnvelopeKeepsTheRawText() {
        VendorError error = GeminiAdapter.ERRORS.of(reply("submit", 502, "<html>Bad Gateway</html>"));
        assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
        assertThat(error.vendorCode()).isEqualTo("502");
        assertThat(error.message()).contains("Bad Gateway");
    }

    @ParameterizedTest(name = "{0} → {1} [{2}]")
    @CsvSource(delimiter = '|', value = {
            "{\"code\":13,\"message\":\"Internal error encountered.\"}           | VENDOR_TASK_FAILED | INTERNAL",
            "{\"code\":3,\"message\":\"bad field\"}                              | INVALID_REQUEST    | INVALID_ARGUMENT",
            "{\"code\":400,\"message\":\"bad field\"}                            | INVALID_REQUEST    | INVALID_ARGUMENT",
            "{\"code\":503,\"message\":\"overloaded\"}                           | VENDOR_TASK_FAILED | UNAVAILABLE",
            "{\"message\":\"no code\"}                                           | VENDOR_TASK_FAILED | UNKNOWN"})
    void aBatchRowErrorIsAVerdictOnThatRow(String error, ErrorClass expected, String code) {
        VendorError classified = GeminiBatchAdapter.rowError(Json.object(error));
        assertThat(classified.errorClass()).isEqualTo(expected);
        assertThat(classified.vendorCode()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"IMAGE_SAFETY, CONTENT_BLOCKED", "IMAGE_PROHIBITED_CONTENT, CONTENT_BLOCKED",
            "PROHIBITED_CONTENT, CONTENT_BLOCKED", "SAFETY, CONTENT_BLOCKED", "BLOCKLIST, CONTENT_BLOCKED",
            "SPII, CONTENT_BLOCKED", "RECITATION, CONTENT_BLOCKED", "IMAGE_RECITATION, CONTENT_BLOCKED",
            "NO_IMAGE, VENDOR_TASK_FAILED", "IMAGE_OTHER, VENDOR_TASK_FAILED", "OTHER, VENDOR_TASK_FAILED",
            "STOP, VENDOR_TASK_FAILED", "MAX_TOKENS, VENDOR_TASK_FAILED"})
    void finishReasonsWithoutAnImage(String reason, ErrorClass expected) {
        var answer = Json.object("{\"candidates\":[{\"finishReason\":\"" + reason + "\"}]}");
        assertThat(GeminiAdapter.withoutImage(answer).errorClass()).isEqualTo(expected);
    }
}
