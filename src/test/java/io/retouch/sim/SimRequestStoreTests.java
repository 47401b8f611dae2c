package io.retouch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The state dir as one journal: what a restart reads back, a line cut off by a kill, state of earlier versions. */
class SimRequestStoreTests {

    @TempDir
    Path stateDir;

    private static SimRequest request(String id, long sequence) {
        EditParams params = new EditParams("p " + id, List.of("http://example.com/in.png"), 1, "1:1", "1K", "png", null);
        return new SimRequest(id, "fal", sequence, "sha-" + id, params, 1, 0, 10, 20, Outcome.SUCCEEDED, null, null, null);
    }

    @Test
    void aReopenedStoreKnowsEveryRequestItsCancelAndEveryAttempt() throws Exception {
        try (SimRequestStore store = new SimRequestStore(stateDir)) {
            store.add(request("a", 0));
            store.add(request("b", 1));
            store.cancel("b", 5);
            store.nextAttempt("body");
            store.nextAttempt("body");
        }

        try (SimRequestStore reopened = new SimRequestStore(stateDir)) {
            assertThat(reopened.inSubmissionOrder()).extracting(SimRequest::id).containsExactly("a", "b");
            assertThat(reopened.find("b").orElseThrow().cancelledAt()).isEqualTo(5);
            assertThat(reopened.nextAttempt("body")).isEqualTo(2);
            assertThat(reopened.nextAttempt("other")).isZero();
        }
    }

    @Test
    void aLineCutOffByAKillIsDroppedAndTheNextOneStartsOnItsOwnLine() throws Exception {
        try (SimRequestStore store = new SimRequestStore(stateDir)) {
            store.add(request("a", 0));
        }
        Files.writeString(stateDir.resolve("journal"), "request {\"id\":\"b\",\"ven", StandardOpenOption.APPEND);

        try (SimRequestStore reopened = new SimRequestStore(stateDir)) {
            assertThat(reopened.inSubmissionOrder()).extracting(SimRequest::id).containsExactly("a");
            reopened.add(request("c", 1));
        }
        try (SimRequestStore again = new SimRequestStore(stateDir)) {
            assertThat(again.inSubmissionOrder()).extracting(SimRequest::id).containsExactly("a", "c");
        }
    }

    @Test
    void theStateDirOfAnEarlierVersionIsReadAndCarriedOn() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Files.createDirectories(stateDir.resolve("requests"));
        Files.createDirectories(stateDir.resolve("attempts"));
        Files.write(stateDir.resolve("requests").resolve("old.json"), json.writeValueAsBytes(request("old", 0)));
        Files.writeString(stateDir.resolve("attempts").resolve("body"), "3", StandardCharsets.US_ASCII);
        Files.writeString(stateDir.resolve("attempts").resolve("body.0b1d.tmp"), "9", StandardCharsets.US_ASCII);

        try (SimRequestStore store = new SimRequestStore(stateDir)) {
            assertThat(store.find("old")).isPresent();
            assertThat(store.nextAttempt("body")).isEqualTo(3);
            store.cancel("old", 5);
        }
        try (SimRequestStore reopened = new SimRequestStore(stateDir)) {
            assertThat(reopened.find("old").orElseThrow().cancelledAt()).as("the journal wins").isEqualTo(5);
            assertThat(reopened.nextAttempt("body")).isEqualTo(4);
        }
    }

    @Test
    void onlyRequestsStillWaitingAreAheadInTheQueue() throws Exception {
        try (SimRequestStore store = new SimRequestStore(stateDir)) {
            SimRequest waitingLonger = new SimRequest("a", "fal", 0, "sha", request("a", 0).params(), 1, 0, 50, 60,
                    Outcome.SUCCEEDED, null, null, null);
            store.add(request("started", 1));
            store.add(waitingLonger);
            store.add(request("cancelled", 2));
            SimRequest last = request("last", 3);
            store.add(last);
            store.cancel("cancelled", 5);

            assertThat(store.queuedAhead(last, 5)).as("a waits; started has not yet either").isEqualTo(2);
            assertThat(store.queuedAhead(last, 10)).as("started has started").isEqualTo(1);
            assertThat(store.queuedAhead(last, 50)).isZero();
        }
    }
}
