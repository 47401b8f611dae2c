package io.retouch.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class FaultProfileTests {

    @Test
    void noneNeverInjectsAnything() {
        LongStream.range(0, 1_000).forEach(seed -> assertThat(FaultProfile.none().decide(seed))
                .isEqualTo(new FaultProfile.Decision(null, Outcome.SUCCEEDED, false)));
        assertThat(FaultProfile.parse("")).isSameAs(FaultProfile.none());
        assertThat(FaultProfile.parse("none")).isSameAs(FaultProfile.none());
    }

    @Test
    void faultsHappenAboutAsOftenAsConfigured() {
        FaultProfile profile = FaultProfile.parse(
                "submit-5xx=0.1,submit-429=0.05,submit-429-retry-after=0.05,result-422=0.1,expired-output=0.05");
        Map<FaultProfile.Fault, Integer> submitFaults = new EnumMap<>(FaultProfile.Fault.class);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        int draws = 20_000;
        LongStream.range(0, draws).mapToObj(profile::decide).forEach(decision -> {
            if (decision.submitFault() != null) {
                submitFaults.merge(decision.submitFault(), 1, Integer::sum);
            }
            outcomes.merge(decision.outcome(), 1, Integer::sum);
        });
        assertThat(submitFaults.get(FaultProfile.Fault.SUBMIT_5XX) / (double) draws).isCloseTo(0.1, within(0.01));
        assertThat(submitFaults.get(FaultProfile.Fault.SUBMIT_429) / (double) draws).isCloseTo(0.05, within(0.01));
        assertThat(submitFaults.get(FaultProfile.Fault.SUBMIT_429_RETRY_AFTER) / (double) draws)
                .isCloseTo(0.05, within(0.01));
        assertThat(outcomes.get(Outcome.CONTENT_BLOCKED) / (double) draws).isCloseTo(0.1, within(0.01));
        assertThat(outcomes.get(Outcome.OUTPUT_EXPIRED) / (double) draws).isCloseTo(0.05, within(0.01));
    }

    @Test
    void theSameSeedGivesTheSameDecision() {
        FaultProfile profile = FaultProfile.parse("submit-429=0.5,result-422=0.5");
        LongStream.range(0, 100).forEach(seed -> assertThat(profile.decide(seed)).isEqualTo(profile.decide(seed)));
    }

    @Test
    void certainFaultsAlwaysHappen() {
        assertThat(FaultProfile.parse("submit-5xx=1").decide(3).submitFault())
                .isEqualTo(FaultProfile.Fault.SUBMIT_5XX);
        assertThat(FaultProfile.parse("expired-output=1.0").decide(3).outcome()).isEqualTo(Outcome.OUTPUT_EXPIRED);
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> FaultProfile.parse("submit-5xx=0.1,timeout=0.2"))
                .withMessageContaining("'timeout'")
                .withMessageContaining("submit-5xx, submit-429, submit-429-retry-after, out-of-credit, unauthorized")
                .withMessageContaining("poll-malformed, poll-timeout");
    }

    @Test
    void probabilitiesMustBeBetweenZeroAndOneAndFitTheirGroup() {
        assertThatIllegalArgumentException().isThrownBy(() -> FaultProfile.parse("result-422=1.5"))
                .withMessageContaining("result-422");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultProfile.parse("result-422"))
                .withMessageContaining("result-422=0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultProfile.parse("submit-5xx=0.6,submit-429=0.6"))
                .withMessageContaining("add up to");
    }

    @Test
    void printsAsASpecItCanParse() {
        FaultProfile profile = FaultProfile.parse("submit-429=0.25,expired-output=0.5");
        assertThat(FaultProfile.parse(profile.toString()).toString()).isEqualTo(profile.toString());
    }

    @Test
    void vendorSectionsOverrideTheUnnamedOneForThatVendorOnly() {
        FaultProfile profile = FaultProfile.parse("submit-5xx=1; mulerun: task-failed=1");
        assertThat(profile.forVendor("fal").decide(1).submitFault()).isEqualTo(FaultProfile.Fault.SUBMIT_5XX);
        assertThat(profile.forVendor("mulerun").decide(1))
                .isEqualTo(new FaultProfile.Decision(null, Outcome.TASK_FAILED, false));
        assertThat(FaultProfile.parse(profile.toString()).toString()).isEqualTo(profile.toString());
    }

    @Test
    void overlayingReplacesOnlyTheNamedVendors() {
        FaultProfile base = FaultProfile.parse("fal: poll-5xx=1; kie: slow-queue=1");
        FaultProfile changed = base.overlaidWith(FaultProfile.parse("kie: none"));
        assertThat(changed.forVendor("fal").pollFault(7)).isEqualTo(FaultProfile.Fault.POLL_5XX);
        assertThat(changed.forVendor("kie").decide(7).slowQueue()).isFalse();
        assertThat(base.overlaidWith(FaultProfile.parse("none")).toString()).isEqualTo("none");
    }
}
