package io.retouch.audit;

import io.retouch.metrics.VendorMeters;
import io.retouch.provider.VendorCall;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Append-only record of every vendor call and every stored output. Holds no secrets: VendorCall has none.
 * Records are written in batches, at most {@link #EVERY_MILLIS} after they are made and whenever a dispatch
 * ends ({@link #flush}): one round trip for many calls. The money is not in them: a paid submission is
 * recorded by its attempt, in the same transaction as the task's move, before its audit record is queued;
 * what a kill -9 can lose is the last fraction of a second of this log, never a payment. While the
 * database cannot be reached the records wait in memory, in order, and are written once it is back.
 */
@Repository
public class AuditLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_MESSAGE = 2000;
    static final long EVERY_MILLIS = 200;
    /** The most records kept in memory while the database cannot be reached (a few tens of MB at most). */
    static final int MAX_WAITING = 50_000;
    private static final String INSERT = """
            INSERT INTO audit_record (run_id, task_id, attempt_id, vendor, operation, method, url, http_status,
                                      duration_ms, vendor_code, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final int[] TYPES = {Types.BIGINT, Types.BIGINT, Types.OTHER, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.BIGINT, Types.VARCHAR, Types.VARCHAR};

    /** One row to write, and the call to count once it is written (null for an event of ours). */
    private record Pending(Object[] row, VendorCall call) {}

    private final JdbcTemplate jdbc;
    private final VendorMeters meters;
    private final ConcurrentLinkedDeque<Pending> pending = new ConcurrentLinkedDeque<>();
    private final Object writing = new Object();
    private ScheduledExecutorService flusher;
    /** Whether records wait for the database (said once when it begins and once when it ends, not every flush). */
    private volatile boolean outage;

    public AuditLog(JdbcTemplate jdbc, VendorMeters meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public void vendorCall(long runId, long taskId, UUID attemptId, String vendor, VendorCall call) {
        queue(new Pending(new Object[] {runId, taskId, attemptId, vendor, call.operation(), call.method(), call.url(),
                call.status(), call.durationMillis(), call.vendorCode(), truncate(call.message())}, call));
    }

    /**
     * An event of ours (an output stored, a task given up on) rather than a vendor call. Made inside a
     * transaction (ingest's reuse of a task it just inserted), it is written in it: it stands or falls
     * with that work, and a batch on another connection could not see the task yet.
     */
    public void event(long runId, Long taskId, String vendor, String operation, String url, String message) {
        Pending event = new Pending(new Object[] {runId, taskId, null, vendor, operation, null, url, null, null, null,
                truncate(message)}, null);
        if (TransactionSynchronizationManager.isActualTransactionActive()) jdbc.update(INSERT, event.row(), TYPES);
        else queue(event);
    }

    /**
     * Writes every record made so far; returns once they are in the database. When the database cannot be
     * reached, the records wait, in order, for the next flush (at most {@link #MAX_WAITING}: beyond, the oldest
     * go); a record the database refuses (it breaks a constraint) is dropped without the others. Either way
     * the first error is thrown.
     */
    public void flush() {
        synchronized (writing) {
            List<Pending> batch = new ArrayList<>();
            for (Pending p = pending.poll(); p != null; p = pending.poll()) batch.add(p);
            if (batch.isEmpty()) return;
            try {
                jdbc.batchUpdate(INSERT, batch.stream().map(Pending::row).toList(), TYPES);
            } catch (RuntimeException e) {
                // one bad record must not take the others with it: each is tried alone, the first error is thrown
                RuntimeException first = null;
                List<Pending> waiting = new ArrayList<>();
                for (Pending p : batch) {
                    if (!waiting.isEmpty()) {
                        waiting.add(p);
                        continue;
                    }
                    try {
                        jdbc.update(INSERT, p.row(), TYPES);
                        counted(p);
                    } catch (DataAccessResourceFailureException | TransientDataAccessResourceException unreachable) {
                        waiting.add(p);
                        first = unreachable;
                    } catch (RuntimeException refused) {
                        log.warn("An audit record was refused and dropped ({} {} of task {}): {}", p.row()[3], p.row()[4],
                                p.row()[1], refused.toString());
                        if (first == null) first = refused;
                    }
                }
                putBack(waiting);
                if (first != null) throw first;
                return;
            }
            outage = false;
            batch.forEach(this::counted);
        }
    }

    /** Records that wait for the database, back at the head of the queue in their order; the oldest go beyond the cap. */
    private void putBack(List<Pending> waiting) {
        outage = !waiting.isEmpty();
        int over = waiting.size() - MAX_WAITING;
        if (over > 0) {
            log.warn("{} audit records dropped: the database has been out of reach for too long", over);
            waiting = waiting.subList(over, waiting.size());
        }
        waiting.reversed().forEach(pending::addFirst);
    }

    /** After the insert: the counters never show a call the audit trail lacks. */
    private void counted(Pending p) {
        if (p.call() != null) meters.call((String) p.row()[3], p.call());
    }

    private void queue(Pending record) {
        pending.add(record);
        startFlusher();
    }

    private synchronized void startFlusher() {
        if (flusher != null) return;
        flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("audit-flush").factory());
        flusher.scheduleWithFixedDelay(this::flushInBackground, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void flushInBackground() {
        boolean before = outage;
        try {
            flush();
        } catch (RuntimeException e) {
            // said where it happened: a refused record by flush, an outage below; the money is safe either way
        }
        if (outage && !before) log.warn("The database cannot be reached: the audit records wait in memory until it can");
        if (!outage && before) log.info("The database answers again: the audit records that waited are written");
    }

    /** The process ends: what is queued is written first. */
    @Override
    public void destroy() {
        ScheduledExecutorService ending;
        synchronized (this) {
            ending = flusher;
            flusher = null;
        }
        if (ending != null) {
            // a batch being written finishes first: cut short, it would be lost
            ending.shutdown();
            try {
                ending.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the last {} audit records: {}", pending.size(), e.toString());
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
