package io.retouch.provider.kie;

import io.retouch.provider.ErrorClass;
import io.retouch.provider.StubVendor;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** kie.ai's business codes (vendors.md §5.2) and task failures, classified once by {@link KieAdapter#ERRORS}. */
class KieErrorsTests {

    @ParameterizedTest(name = "code {0} on submit={2} → {3}")
    @CsvSource(delimiter = '|', value = {
            "401|You do not have access permissions|true|UNAUTHORIZED",
            "403|IP not in allow-list|true|UNAUTHORIZED",
            "403|Insufficient credit balance|true|OUT_OF_CREDIT",
            "402|Credits insufficient|true|OUT_OF_CREDIT",
            "404|Not found|true|INVALID_REQUEST",
            "404|Task not found|false|VENDOR_TASK_FAILED",
            "408|Request timeout|true|RETRYABLE",
            "410|Gone|false|OUTPUT_EXPIRED",
            "422|input.prompt is required|true|INVALID_REQUEST",
            "422|Prompt flagged by safety policy|true|CONTENT_BLOCKED",
            "400|Bad request|true|INVALID_REQUEST",
            "429|Rate limited|true|RATE_LIMITED",
            "455|Service unavailable (maintenance)|true|RETRYABLE",
            "500|Server error|true|RETRYABLE",
            "501|Generation failed|true|VENDOR_TASK_FAILED",
            "502|Bad gateway|false|RETRYABLE",
            "505|Feature disabled|true|INVALID_REQUEST",
            "302|Found|true|INVALID_REQUEST"})
    void businessCodesAndStatusesMapToClasses(int code, String message, boolean submit, ErrorClass expected) {
        String body = Json.write(Json.object().put("code", code).put("msg", message));
        VendorError error = KieAdapter.ERRORS.inBody(StubVendor.reply(submit ? "submit" : "status", 200, body));
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isEqualTo(String.valueOf(code));
        assertThat(error.message()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}/{1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "CONTENT_POLICY_VIOLATION|Your request was flagged|CONTENT_BLOCKED",
            "400|Image contains NSFW content|CONTENT_BLOCKED",
            "|Prohibited content detected|CONTENT_BLOCKED",
            "500|Internal error|VENDOR_TASK_FAILED",
            "501||VENDOR_TASK_FAILED",
            "||VENDOR_TASK_FAILED"})
    void aFailedTaskIsBlockedOnlyWhenItSaysSo(String failCode, String failMsg, ErrorClass expected) {
        VendorError error = KieAdapter.ERRORS.taskFailed(failCode, failMsg);
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.vendorCode()).isNotBlank();
        assertThat(error.message()).isNotBlank();
    }
}
