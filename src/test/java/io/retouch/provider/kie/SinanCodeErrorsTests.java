package io.retouch.provider.kie;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.StubVendor;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SinanCode's HTTP statuses and task failures, classified once by {@link SinanCodeAdapter#ERRORS}. */
class SinanCodeErrorsTests {

    @ParameterizedTest(name = "HTTP {0} {1} on submit={3} → {4}")
    @CsvSource(delimiter = '|', value = {
            "401|unauthorized|Invalid or missing API key|true|UNAUTHORIZED",
            "402|insufficient_balance|Insufficient balance|true|OUT_OF_CREDIT",
            "403||Forbidden|true|UNAUTHORIZED",
            "403|quota|Your balance is exhausted|true|OUT_OF_CREDIT",
            "400|insufficient_credits||true|OUT_OF_CREDIT",
            "400|invalid_parameter|aspect_ratio must be one of ...|true|INVALID_REQUEST",
            "400|content_policy_violation|flagged|true|CONTENT_BLOCKED",
            "404||Not Found|true|INVALID_REQUEST",
            "404|task_not_found|Task not found|false|VENDOR_TASK_FAILED",
            "408||Request Timeout|true|RETRYABLE",
            "410|expired|Task expired|false|OUTPUT_EXPIRED",
            "422|invalid_parameter|prompt too long|true|INVALID_REQUEST",
            "429|rate_limited|Too many requests|true|RATE_LIMITED",
            "500|internal_error|boom|true|RETRYABLE",
            "503|service_unavailable|later|false|RETRYABLE",
            "301||Moved|true|INVALID_REQUEST"})
    void statusesMapToClasses(int status, String code, String message, boolean submit, ErrorClass expected) {
        var body = Json.object();
        if (code != null) body.put("error_code", code);
        if (message != null) body.put("error_msg", message);
        VendorError error = SinanCodeAdapter.ERRORS.of(StubVendor.reply(submit ? "submit" : "status", status, Json.write(body)));
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(code != null ? code : String.valueOf(status));
    }

    @ParameterizedTest(name = "{0}/{1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "content_policy_violation|The content was flagged|CONTENT_BLOCKED|content_policy_violation",
            "generation_failed|Image generation failed|VENDOR_TASK_FAILED|generation_failed",
            "|NSFW content detected|CONTENT_BLOCKED|failed",
            "500||VENDOR_TASK_FAILED|500",
            "||VENDOR_TASK_FAILED|failed"})
    void aFailedTaskIsBlockedOnlyWhenItSaysSo(String code, String msg, ErrorClass expected, String vendorCode) {
        VendorError error = SinanCodeAdapter.ERRORS.taskFailed(code, msg);
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(vendorCode);
        assertThat(error.message()).isNotBlank();
    }
}
