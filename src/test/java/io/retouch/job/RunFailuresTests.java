package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** The one line a failed run's console shows for its cause (the log keeps the trace). */
class RunFailuresTests {

    @Test
    void springsWrappingIsSkippedAndTheRootCauseAddedWhenItSaysMore() {
        Exception failure = new DataAccessResourceFailureException("Unable to process chunk",
                new UncheckedIOException("Cannot read manifest.csv", new IOException("No such file:\n manifest.csv")));

        assertThat(RunFailures.describe(failure))
                .isEqualTo("UncheckedIOException: Cannot read manifest.csv (IOException: No such file: manifest.csv)");
    }

    @Test
    void aRootCauseAlreadySaidIsNotRepeated() {
        Exception failure = new DataAccessResourceFailureException("Unable to process chunk",
                new IllegalStateException("Unable to execute HTTP request: Connect to 127.0.0.1:1 failed: Connection refused",
                        new ConnectException("Connection refused")));

        assertThat(RunFailures.describe(failure))
                .isEqualTo("IllegalStateException: Unable to execute HTTP request: Connect to 127.0.0.1:1 failed: Connection refused");
    }

    @Test
    void aPresignedUrlLosesItsQueryString() {
        Exception failure = new IOException("GET https://bucket.s3.amazonaws.com/in/a.png?X-Amz-Signature=abc123&X-Amz-Credential=AKIA"
                + " answered 403");

        assertThat(RunFailures.describe(failure))
                .isEqualTo("IOException: GET https://bucket.s3.amazonaws.com/in/a.png?… answered 403")
                .doesNotContain("abc123", "AKIA");
    }

    @Test
    void aLongMessageIsCutAt300Characters() {
        String described = RunFailures.describe(new IllegalArgumentException("x".repeat(1_000)));

        assertThat(described).hasSize(300).startsWith("IllegalArgumentException: xxx").endsWith("x…");
    }

    @Test
    void anExceptionWithoutMessageIsItsName() {
        assertThat(RunFailures.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
