package io.retouch.job;

import io.retouch.flow.StopSignal;
import io.retouch.run.RunStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The stop signals of the runs this process works, and why each stopped: asked by `retouch stop`
 * from any process (watched in the run's row every second) or by a signal to this process. The
 * watch also touches the run's row, so a live dispatch is never taken for a dead one.
 */
@Component
public class RunStops {

    private static final Logger log = LoggerFactory.getLogger(RunStops.class);
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    /** The run's row is touched every 15 s while it is dispatched (serve's grace for dead runs is 1 min by default). */
    private static final int HEARTBEAT_TURNS = 15;

    private final RunStore runs;
    /** Every dispatch under way here, with its run: a fleet worker may work several partitions of one run. */
    private final Map<StopSignal, Long> live = new ConcurrentHashMap<>();
    private final Map<Long, String> stopped = new ConcurrentHashMap<>();
    private volatile String stopAll;

    public RunStops(RunStore runs) {
        this.runs = runs;
    }

    /** Asks every run this process works to stop (SIGTERM, Ctrl-C). */
    public void stopAll(String why) {
        stopAll = why;
        live.keySet().forEach(signal -> signal.request(why, false));
    }

    /** Why the run stopped when asked to, or null when it was not asked to. */
    public String stoppedBecause(long runId) {
        return stopped.get(runId);
    }

    /** The signal of one dispatch of the run; {@link Watch#close()} ends it. */
    Watch watch(long runId) {
        StopSignal signal = new StopSignal();
        live.put(signal, runId);
        // a signal that came while the run was starting (or ingesting) stops it before anything is sent
        if (stopAll != null) signal.request(stopAll, false);
        stopped.remove(runId); // why an earlier dispatch of the run stopped is not why this one will
        Thread watcher = Thread.ofVirtual().name("stop-watch-" + runId).start(() -> {
            long turns = 0;
            try {
                while (!signal.requested()) {
                    try {
                        if (turns++ % HEARTBEAT_TURNS == 0) runs.touch(runId);
                        String asked = runs.stopRequest(runId);
                        if (asked != null) {
                            signal.request("`retouch stop" + (asked.equals("cancel") ? " --cancel" : "") + "`", asked.equals("cancel"));
                            continue;
                        }
                    } catch (RuntimeException e) {
                        // a database blip: keep watching, a stop asked meanwhile is read at the next turn
                        log.warn("Could not read whether run {} was asked to stop: {}", runId, e.toString());
                    }
                    Thread.sleep(WATCH_EVERY);
                }
            } catch (InterruptedException e) {
                // the dispatch ended
            }
        });
        return new Watch(runId, signal, watcher);
    }

    /** One dispatch's stop signal, watched until closed. */
    final class Watch implements AutoCloseable {
        private final long runId;
        final StopSignal signal;
        private final Thread watcher;

        private Watch(long runId, StopSignal signal, Thread watcher) {
            this.runId = runId;
            this.signal = signal;
            this.watcher = watcher;
        }

        @Override
        public void close() {
            watcher.interrupt();
            live.remove(signal);
            if (signal.requested()) stopped.put(runId, signal.reason());
        }
    }
}
