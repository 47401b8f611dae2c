package io.retouch.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LatencyModelTests {

    @Test
    void fixedAlwaysGivesTheSameDuration() {
        LatencyModel model = LatencyModel.parse("fixed:1.5s");
        assertThat(model.mean()).isEqualTo(Duration.ofMillis(1500));
        assertThat(model.sample(1)).isEqualTo(Duration.ofMillis(1500));
        assertThat(model.sample(99)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void uniformStaysInItsRangeAndRepeatsPerSeed() {
        LatencyModel model = LatencyModel.parse("uniform:500ms-2s");
        assertThat(model.mean()).isEqualTo(Duration.ofMillis(1250));
        LongStream.range(0, 1_000).forEach(seed ->
                assertThat(model.sample(seed)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(2)));
        assertThat(model.sample(7)).isEqualTo(model.sample(7));
        assertThat(LongStream.range(0, 100).mapToObj(model::sample).distinct().count()).isGreaterThan(50);
    }

    @Test
    void lognormalHasTheRequestedMeanAndSpread() {
        LatencyModel model = LatencyModel.parse("lognormal:mean=1500ms,sd=400ms");
        assertThat(model.mean()).isEqualTo(Duration.ofMillis(1500));
        double[] samples = LongStream.range(0, 20_000).mapToDouble(seed -> model.sample(seed).toMillis()).toArray();
        double mean = Arrays.stream(samples).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(samples).map(s -> (s - mean) * (s - mean)).average()
                .orElseThrow());
        assertThat(mean).isCloseTo(1500, within(30.0));
        assertThat(sd).isCloseTo(400, within(30.0));
        assertThat(Arrays.stream(samples).min().orElseThrow()).isPositive();
    }

    @Test
    void lognormalByMedianHasThatMedianAndTheMeanItImplies() {
        LatencyModel model = LatencyModel.parse("lognormal:median=2s,sigma=0.3");
        assertThat(model.mean()).as("2 s * exp(0.3^2 / 2)").isEqualTo(Duration.ofMillis(2092));
        double[] samples = LongStream.range(0, 20_000).mapToDouble(seed -> model.sample(seed).toMillis()).sorted()
                .toArray();
        double mean = Arrays.stream(samples).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(samples).map(s -> (s - mean) * (s - mean)).average().orElseThrow());
        double logSd = Math.sqrt(Arrays.stream(samples).map(Math::log).map(l -> l - Math.log(2000))
                .map(d -> d * d).average().orElseThrow());
        assertThat(samples[samples.length / 2]).isCloseTo(2000, within(30.0));
        assertThat(mean).isCloseTo(2092, within(30.0));
        assertThat(sd).as("2 s * exp(0.045) * sqrt(exp(0.09) - 1) = 0.642 s").isCloseTo(642, within(30.0));
        assertThat(logSd).isCloseTo(0.3, within(0.01));
        assertThat(model.sample(7)).isEqualTo(model.sample(7));
    }

    @Test
    void lognormalByMedianWithSigmaZeroIsTheMedianAlways() {
        LatencyModel model = LatencyModel.parse("lognormal:median=1500ms,sigma=0");
        assertThat(model.mean()).isEqualTo(Duration.ofMillis(1500));
        assertThat(model.sample(3)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theDefaultSpecParses() {
        assertThat(LatencyModel.parse("lognormal:mean=1s,sd=300ms").mean()).isEqualTo(Duration.ofSeconds(1));
        assertThat(LatencyModel.parse("fixed:2m").mean()).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gaussian:1s                 | gaussian",
            "fixed:1x                    | 1x",
            "fixed:                      | ''",
            "uniform:2s                  | 2s",
            "uniform:2s-1s               | MAX below MIN",
            "lognormal:mean=1s           | mean=1s",
            "lognormal:mean=1s,sd=abc    | abc",
            "1s                          | fixed:1s",
            "lognormal:median=2s,sigma=x | sigma 'x'",
            "lognormal:median=0s,sigma=1 | Lognormal median",
            "lognormal:median=2s,sigma=-1 | Lognormal sigma",
            "lognormal:median=2s        | median=DURATION,sigma=NUMBER",
    })
    void badSpecsNameTheBadPart(String spec, String named) {
        assertThatIllegalArgumentException().isThrownBy(() -> LatencyModel.parse(spec))
                .withMessageContaining(named);
    }
}
