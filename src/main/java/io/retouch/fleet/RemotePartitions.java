package io.retouch.fleet;

import io.retouch.flow.StopSignal;
import io.retouch.task.Slice;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * The manager's side of a fleet: sends each partition of a run's dispatch to the workers as a
 * Spring Batch {@link StepExecutionRequest} over the PostgreSQL channel, then watches the job
 * repository until every partition has ended. A partition whose request was taken but whose
 * worker no longer holds its {@link PartitionLock} (killed, its host lost) — or that a leaving
 * worker handed back — is sent again, to be taken up by another worker where the last one left it.
 */
@Component
public class RemotePartitions {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitions.class);

    static final Duration POLL = Duration.ofSeconds(1);
    /**
     * Lock free on this many looks in a row (a second apart): the gap between a worker taking a
     * request and locking its partition is milliseconds on a calm host; a worker whose session
     * dropped notices within half a second and sends nothing new (job/DispatchTasklet), and an
     * answer it still gets is kept on its attempt (task/AttemptStore#accepted).
     */
    private static final int LOOKS_BEFORE_RESENDING = 5;

    private final JobRepository repository;
    private final QueueChannel requests;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final FleetConsole console;

    public RemotePartitions(JobRepository repository, QueueChannel partitionRequests, JdbcClient jdbc, DataSource dataSource,
                            FleetConsole console) {
        this.console = console;
        this.repository = repository;
        this.requests = partitionRequests;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Works the partitions through the fleet and returns them once each has ended. A stop of the
     * run is the workers' to heed (they watch the run's row): {@code onStop} puts a stop that only
     * this process heard (SIGTERM) there; requests no worker has taken yet are withdrawn.
     */
    public Collection<StepExecution> work(long runId, String workerStep, Collection<StepExecution> partitions,
                                          StopSignal stop, Runnable onStop) throws InterruptedException, SQLException {
        Map<Long, UUID> sent = new HashMap<>();
        for (StepExecution p : partitions) sent.put(p.getId(), send(workerStep, p));
        console.say("Sent " + partitions.size() + " partitions of run " + runId
                + " to the fleet: `retouch worker` processes on this database take them");
        Map<Long, Integer> unheld = new HashMap<>();
        String[] lastLine = {""}; // said again only when it changes
        boolean stopPassedOn = false;
        while (true) {
            if (stop.requested() && !stopPassedOn) {
                onStop.run();
                stopPassedOn = true;
            }
            List<StepExecution> now;
            try {
                now = look(runId, workerStep, sent, unheld, stop, lastLine);
            } catch (RuntimeException e) {
                // a database blip, or a worker that wrote the partition meanwhile: look again in a second
                log.warn("Could not read the partitions of run {}: {}", runId, e.toString());
                Thread.sleep(POLL);
                continue;
            }
            if (now == null) {
                Thread.sleep(POLL);
                continue;
            }
            return now;
        }
    }

    /** One look at every partition: null while some have not ended, else all of them. */
    private List<StepExecution> look(long runId, String workerStep, Map<Long, UUID> sent, Map<Long, Integer> unheld,
                                     StopSignal stop, String[] lastLine) throws SQLException {
        List<StepExecution> now = new ArrayList<>();
        for (Long id : sent.keySet()) now.add(repository.getStepExecution(id));
        int waiting = 0, working = 0, done = 0;
        for (StepExecution p : now) {
            Slice slice = Partitions.slice(runId, p.getExecutionContext());
            if (ended(p, stop)) {
                done++;
            } else if (queued(sent.get(p.getId()))) {
                if (stop.requested() && withdraw(sent.get(p.getId()))) markStopped(p);
                else waiting++;
            } else if (!PartitionLock.isHeld(dataSource, slice)) {
                // taken, yet no worker holds it: handed back by a leaving worker, or its worker is gone
                if (unheld.merge(p.getId(), 1, Integer::sum) >= LOOKS_BEFORE_RESENDING) {
                    String why = p.getStatus() == BatchStatus.STOPPED ? "was handed back by its worker" : "lost its worker";
                    console.say(capitalized(slice) + " " + why + ": sent again, for another worker to go on where it was left");
                    unheld.remove(p.getId());
                    sent.put(p.getId(), resend(workerStep, p));
                }
                working++;
            } else {
                unheld.remove(p.getId());
                working++;
            }
        }
        if (done == now.size()) return now;
        String line = "Fleet: %d of %d partitions done, %d being worked, %d waiting for a worker".formatted(done, now.size(), working, waiting);
        if (!line.equals(lastLine[0])) console.say(line);
        lastLine[0] = line;
        return null;
    }

    /** Ended for good: completed or failed, or stopped because the run was asked to stop. */
    private static boolean ended(StepExecution p, StopSignal stop) {
        BatchStatus status = p.getStatus();
        if (status == BatchStatus.STOPPED) return stop.requested();
        return !status.isRunning();
    }

    private UUID send(String workerStep, StepExecution partition) {
        Message<StepExecutionRequest> request = MessageBuilder
                .withPayload(new StepExecutionRequest(workerStep, partition.getId())).build();
        requests.send(request);
        return request.getHeaders().getId();
    }

    /** Back to STARTING, as if never taken: the next worker runs the same step execution from where the task table says. */
    private UUID resend(String workerStep, StepExecution partition) {
        partition.setStatus(BatchStatus.STARTING);
        partition.setExitStatus(ExitStatus.EXECUTING);
        partition.setEndTime(null);
        repository.update(partition);
        return send(workerStep, partition);
    }

    private static String capitalized(Slice slice) {
        String s = slice.toString();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private boolean queued(UUID request) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM int_channel_message WHERE message_id = ?)")
                .param(request.toString()).query(Boolean.class).single();
    }

    /** Takes back a request no worker has taken; false when one took it meanwhile. */
    private boolean withdraw(UUID request) {
        return jdbc.sql("DELETE FROM int_channel_message WHERE message_id = ?").param(request.toString()).update() > 0;
    }

    private void markStopped(StepExecution partition) {
        partition.setStatus(BatchStatus.STOPPED);
        partition.setExitStatus(ExitStatus.STOPPED.addExitDescription("the run was stopped before a worker took this partition"));
        partition.setEndTime(java.time.LocalDateTime.now());
        repository.update(partition);
    }
}
