package io.retouch.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpReplyTests {

    private static HttpReply status(int status) {
        return new HttpReply("status", "GET", URI.create("http://vendor/x"), status,
                HttpHeaders.of(Map.of(), (a, b) -> true), "{}", null, false, 5);
    }

    /** Regression: a 408 on a poll of fal or Runflow was a verdict that failed a paid task. */
    @ParameterizedTest
    @CsvSource({"400, true", "404, true", "410, true", "422, true", "401, false", "402, false", "403, false",
            "408, false", "429, false", "500, false", "503, false", "200, false"})
    void onlyA4xxAboutTheTaskItselfIsAVerdict(int status, boolean verdict) {
        assertThat(status(status).isTaskClientError()).isEqualTo(verdict);
    }
}
