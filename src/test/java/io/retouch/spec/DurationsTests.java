package io.retouch.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTests {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "10m, PT10M", "2h, PT2H", "0s, PT0S", "' 90s ', PT1M30S", "1500ms, PT1.5S"})
    void parsesTheUnitsPeopleWrite(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "1.5h", "10 m", "10min", "-5s", "2d", "1H", "s", "1h30m"})
    void refusesAnythingElseWithTheFormatInTheMessage(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
                .withMessage("'" + text + "' is not a duration like 500ms, 30s, 10m or 2h");
    }

    @ParameterizedTest
    @NullSource
    void refusesNull(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining("not a duration");
    }
}
