package io.retouch.task;

import static io.retouch.task.TaskState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The transition table is the one place that decides which moves are legal (DESIGN §4). */
class TaskStateTests {

    /** The table as the design means it, written out independently of the enum. */
    private static final Map<TaskState, Set<TaskState>> EXPECTED = Map.of(
            PENDING, EnumSet.of(SUBMITTING, RETRY_WAIT, CANCELLED, FAILED),
            SUBMITTING, EnumSet.of(SUBMITTED, RETRY_WAIT, IN_DOUBT, FAILED),
            SUBMITTED, EnumSet.of(RUNNING, COLLECTING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(COLLECTING, FAILED, CANCELLED),
            COLLECTING, EnumSet.of(SUCCEEDED, FAILED),
            RETRY_WAIT, EnumSet.of(SUBMITTING, FAILED, CANCELLED),
            IN_DOUBT, EnumSet.of(SUBMITTING, SUBMITTED, RETRY_WAIT, FAILED, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(TaskState.class),
            FAILED, EnumSet.noneOf(TaskState.class),
            CANCELLED, EnumSet.noneOf(TaskState.class));

    static Stream<Arguments> everyPair() {
        return Arrays.stream(values()).flatMap(from -> Arrays.stream(values())
                .map(to -> Arguments.of(from, to, EXPECTED.get(from).contains(to))));
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void everyMoveMatchesTheTable(TaskState from, TaskState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void theTableCoversEveryState() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(values());
    }

    @Test
    void theHappyPathIsAllowedStepByStep() {
        TaskState[] path = {PENDING, SUBMITTING, SUBMITTED, RUNNING, COLLECTING, SUCCEEDED};
        for (int i = 0; i + 1 < path.length; i++) assertThat(path[i].canMoveTo(path[i + 1])).as("%s -> %s", path[i], path[i + 1]).isTrue();
    }

    @Test
    void aFastVendorMaySkipRunning() {
        assertThat(SUBMITTED.canMoveTo(COLLECTING)).isTrue();
    }

    @Test
    void aRefusedSubmissionWaitsAndIsSubmittedAgain() {
        assertThat(SUBMITTING.canMoveTo(RETRY_WAIT)).isTrue();
        assertThat(RETRY_WAIT.canMoveTo(SUBMITTING)).isTrue();
        assertThat(RETRY_WAIT.canMoveTo(SUBMITTED)).as("a retry must record a new attempt first").isFalse();
    }

    @Test
    void inDoubtLeavesOnlyThroughResubmitAVendorLookupFailOrCancel() {
        assertThat(EnumSet.allOf(TaskState.class).stream().filter(IN_DOUBT::canMoveTo))
                .containsExactlyInAnyOrder(SUBMITTING, SUBMITTED, RETRY_WAIT, FAILED, CANCELLED);
    }

    @Test
    void onlyAnInterruptedSubmissionBecomesInDoubt() {
        assertThat(EnumSet.allOf(TaskState.class).stream().filter(s -> s.canMoveTo(IN_DOUBT))).containsExactly(SUBMITTING);
    }

    @Test
    void aSubmissionUnderWayCannotBeCancelledOrSkipped() {
        // the vendor call may be in flight: only its outcome may move the task on
        assertThat(SUBMITTING.canMoveTo(CANCELLED)).isFalse();
        assertThat(PENDING.canMoveTo(SUBMITTED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void noStateGoesBackToPending(TaskState from) {
        assertThat(from.canMoveTo(PENDING)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void noStateMovesToItself(TaskState state) {
        assertThat(state.canMoveTo(state)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = TaskState.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void finalStatesHaveNoExits(TaskState state) {
        assertThat(state.isFinal()).isTrue();
        assertThat(EnumSet.allOf(TaskState.class).stream().filter(state::canMoveTo)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = TaskState.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOtherStateCanStillEnd(TaskState state) {
        assertThat(state.isFinal()).isFalse();
        assertThat(state.canMoveTo(FAILED)).as("every unfinished task must be able to fail").isTrue();
    }

    @Test
    void finalsListsExactlyTheFinalStates() {
        assertThat(finals()).containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED);
        assertThat(finals()).allMatch(TaskState::isFinal);
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void onlySubmittedAndRunningAreAtTheVendor(TaskState state) {
        assertThat(state.isAtVendor()).isEqualTo(state == SUBMITTED || state == RUNNING);
    }
}
