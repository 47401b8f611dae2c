package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.run.RunStore;
import io.retouch.testing.RetouchTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The watch of a run this process dispatches, on the real PostgreSQL. */
@RetouchTest
class RunStopsIntegrationTests {

    @Autowired RunStops stops;
    @Autowired RunStore runs;
    @Autowired JdbcClient jdbc;

    // Bug (review): a live dispatch touched its run's row only when its status changed, so a process whose lock
    // connection was dropped looked dead to serve after the grace, and serve restarted its run beside it.
    @Test
    void aDispatchedRunIsTouchedSoItNeverLooksDeadAndAStopAskedElsewhereStopsIt() {
        long run = runs.create("watched", "/nowhere/watched.yaml", "{}");
        jdbc.sql("UPDATE run SET updated_at = now() - interval '1 hour' WHERE id = ?").param(run).update();
        try (RunStops.Watch watch = stops.watch(run)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT updated_at > now() - interval '1 minute' FROM run WHERE id = ?").param(run).query(Boolean.class).single());
            runs.requestStop(run, false);
            await().atMost(Duration.ofSeconds(10)).until(watch.signal::requested);
        }
        assertThat(stops.stoppedBecause(run)).isEqualTo("`retouch stop`");
        try (RunStops.Watch again = stops.watch(run)) {
            assertThat(stops.stoppedBecause(run)).as("a new dispatch of the run has not been stopped").isNull();
            runs.clearStopRequest(run);
        }
    }
}
