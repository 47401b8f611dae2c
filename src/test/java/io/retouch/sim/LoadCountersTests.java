package io.retouch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The simulator's peak counters, on a clock of the test's own. */
class LoadCountersTests {

    private static final long MS = 1_000_000L;

    private final AtomicLong nanos = new AtomicLong(5_000 * MS);
    private final LoadCounters load = new LoadCounters(nanos::get);

    private void requestAt(String vendor, long ms) {
        nanos.set(5_000 * MS + ms * MS);
        load.requestStarted(vendor, 1_000 + ms);
    }

    @Test
    void requestsOneSecondApartAreNeverInTheSameSecond() {
        for (int i = 0; i < 10; i++) requestAt("fal", i * 200L); // 5 a second, exactly
        assertThat(load.of("fal").peakRequestsPerSecond()).isEqualTo(5);
    }

    @Test
    void thePeakIsTheMostInAnyWindowNotInClockSeconds() {
        // 3 late in one clock second and 3 early in the next: 6 within 400 ms
        for (long ms : new long[] {700, 800, 900, 1000, 1050, 1100}) requestAt("fal", ms);
        requestAt("fal", 3000);
        assertThat(load.of("fal").peakRequestsPerSecond()).isEqualTo(6);
    }

    @Test
    void aRequestJustUnderASecondAfterAnotherSharesItsSecond() {
        requestAt("fal", 0);
        requestAt("fal", 999);
        requestAt("fal", 1999); // (999, 1999]: the one at 999 is a second older, out
        assertThat(load.of("fal").peakRequestsPerSecond()).isEqualTo(2);
    }

    @Test
    void vendorsAreCountedApart() {
        requestAt("fal", 0);
        requestAt("mulerun", 10);
        requestAt("fal", 20);
        assertThat(load.of("fal").peakRequestsPerSecond()).isEqualTo(2);
        assertThat(load.of("mulerun").peakRequestsPerSecond()).isEqualTo(1);
        assertThat(load.of("kie")).isEqualTo(new LoadCounters.Load(0, 0));
        assertThat(load.byVendor()).containsOnlyKeys("fal", "mulerun");
    }

    @Test
    void aTaskIsHeldFromItsAcceptanceUntilItFinishes() {
        load.taskAccepted("fal", "a", 0, 1000);
        load.taskAccepted("fal", "b", 100, 600);
        load.taskAccepted("fal", "c", 600, 2000); // b finished at 600: a and c
        assertThat(load.of("fal").peakHeld()).isEqualTo(2);
        load.taskAccepted("fal", "d", 900, 1500); // a, c, d
        load.taskAccepted("fal", "e", 1500, 1600); // a and d done: c, e
        assertThat(load.of("fal").peakHeld()).isEqualTo(3);
    }

    @Test
    void aCancelledTaskIsNoLongerHeld() {
        load.taskAccepted("fal", "a", 0, 5000);
        load.taskAccepted("fal", "b", 0, 5000);
        load.taskEnded("fal", "a", 100);
        load.taskAccepted("fal", "c", 200, 5000);
        assertThat(load.of("fal").peakHeld()).isEqualTo(2);
    }

    @Test
    void heldTasksAreCountedPerVendor() {
        load.taskAccepted("fal", "a", 0, 5000);
        load.taskAccepted("mulerun", "b", 0, 5000);
        assertThat(load.byVendor()).containsEntry("fal", new LoadCounters.Load(1, 0))
                .containsEntry("mulerun", new LoadCounters.Load(1, 0));
    }

    @Test
    void totalsCountRequestsByKindAndThePaidTasksRunTimes() {
        requestAt("fal", 0);
        load.requestWas("fal", LoadCounters.Kind.SUBMIT);
        load.taskAccepted("fal", "a", 1_000, 1_000, 3_000);
        requestAt("fal", 10);
        load.requestWas("fal", LoadCounters.Kind.SUBMIT);
        load.taskAccepted("fal", "b", 1_010, 3_000, 4_500); // queued behind a: runs 1.5 s from 3 s
        for (int i = 0; i < 3; i++) {
            requestAt("fal", 20 + i);
            load.requestWas("fal", LoadCounters.Kind.STATUS);
        }
        requestAt("fal", 30); // a result fetch
        requestAt("fal", 40);
        load.rateLimited("fal");
        load.requestWas("fal", LoadCounters.Kind.FILE);

        LoadCounters.Totals totals = load.totalsOf("fal", 3_500);

        assertThat(totals.requests()).isEqualTo(7);
        assertThat(totals.requestsByKind()).containsEntry(LoadCounters.Kind.SUBMIT, 2L)
                .containsEntry(LoadCounters.Kind.STATUS, 3L).containsEntry(LoadCounters.Kind.CANCEL, 0L)
                .containsEntry(LoadCounters.Kind.OTHER, 2L).containsEntry(LoadCounters.Kind.FILE, 1L);
        assertThat(totals.accepted()).isEqualTo(2);
        assertThat(totals.drawnRunMillis()).isEqualTo(2_000 + 1_500);
        assertThat(totals.firstRequestAt()).isEqualTo(1_000);
        assertThat(totals.firstAcceptedAt()).isEqualTo(1_000);
        assertThat(totals.lastFinishAt()).isEqualTo(4_500);
        assertThat(totals.rateLimited()).isEqualTo(1);
        assertThat(totals.heldNow()).as("a finished at 3 s").isEqualTo(1);
        assertThat(totals.finished()).isEqualTo(1);
        assertThat(load.of("fal")).as("the peaks are as they were").isEqualTo(new LoadCounters.Load(2, 7));
    }

    @Test
    void aCancelOfTheLastTaskMovesTheLastFinishToTheCancelAndNoFurther() {
        load.taskAccepted("fal", "a", 0, 0, 2_000);
        load.taskAccepted("fal", "b", 0, 0, 9_000);
        load.taskAccepted("fal", "c", 0, 0, 5_000);
        load.taskEnded("fal", "b", 1_000);
        assertThat(load.totalsOf("fal", 1_000).lastFinishAt()).as("c is the last now").isEqualTo(5_000);
        assertThat(load.totalsOf("fal", 1_000).heldNow()).isEqualTo(2);
        assertThat(load.totalsOf("fal", 1_000).finished()).isEqualTo(1);
        load.taskEnded("fal", "c", 1_500);
        assertThat(load.totalsOf("fal", 1_500).lastFinishAt()).isEqualTo(2_000);
        assertThat(load.totalsOf("fal", 1_500).drawnRunMillis()).as("drawn, whatever became of them").isEqualTo(16_000);
    }

    @Test
    void aTaskHeldOverFromAnEarlierLifeIsHeldButNotPaidAgain() {
        load.taskAccepted("fal", "old", 0, 3_000);
        LoadCounters.Totals totals = load.totalsOf("fal", 100);
        assertThat(totals.heldNow()).isEqualTo(1);
        assertThat(totals.accepted()).isZero();
        assertThat(totals.firstAcceptedAt()).isZero();
        assertThat(load.totalsOf("kie", 100).accepted()).isZero();
        assertThat(load.byVendor()).as("asking for totals adds no vendor").containsOnlyKeys("fal");
    }
}
