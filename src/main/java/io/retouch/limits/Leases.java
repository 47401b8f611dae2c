package io.retouch.limits;

import io.retouch.task.Slice;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The in-flight slots of every account, as leases in {@code vendor_lease}: one per task the vendor
 * holds for us, held by a process until released or, if the process stops renewing it, until it expires.
 * Expiry is on the database's clock, so hosts whose clocks differ agree on which leases are live.
 */
final class Leases {

    /** First key of the advisory lock that serializes one account's acquisitions: 'RETL'. */
    private static final int LOCK_NAMESPACE = 0x5245544C;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String holder;
    private final Duration ttl;

    Leases(DataSource dataSource, String holder, Duration ttl) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.holder = holder;
        this.ttl = ttl;
    }

    /**
     * Takes a lease for {@code taskId} when the account's live leases, other than the task's own, are
     * fewer than {@code max}. Under the account's lock the count and the insert see every acquisition
     * committed before, so two processes can never both take the last slot. A lease the task still
     * has (its earlier holder died) is replaced rather than counted twice.
     */
    boolean acquire(String vendor, String account, long taskId, int max) {
        return acquire(vendor, account, List.of(taskId), max).contains(taskId);
    }

    /**
     * As {@link #acquire(String, String, long, int)} for several tasks in one transaction: takes leases
     * for the first of {@code taskIds}, in order, while the account has slots; returns the tasks that got one.
     */
    List<Long> acquire(String vendor, String account, List<Long> taskIds, int max) {
        if (taskIds.isEmpty()) return List.of();
        List<Long> taken = tx.execute(status -> {
            jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?, hashtext(?))").param(LOCK_NAMESPACE).param(vendor + "/" + account)
                    .query(Integer.class).single();
            // a task that still has a live lease (its last holder died) replaces it and costs no slot; the others
            // take slots in order while the account's live leases, all of them, leave some
            return jdbc.sql("""
                    WITH live AS (SELECT task_id FROM vendor_lease
                                  WHERE vendor = :vendor AND account = :account AND expires_at > now()),
                         wanted AS (SELECT w.task, w.n, w.task IN (SELECT task_id FROM live) AS leased
                                    FROM unnest(CAST(:tasks AS bigint[])) WITH ORDINALITY AS w(task, n)),
                         ranked AS (SELECT task, leased, sum(CASE WHEN leased THEN 0 ELSE 1 END) OVER (ORDER BY n) AS fresh
                                    FROM wanted)
                    INSERT INTO vendor_lease (task_id, vendor, account, holder, expires_at)
                    SELECT task, :vendor, :account, :holder, now() + make_interval(secs => :ttl) FROM ranked
                    WHERE CASE WHEN leased THEN (SELECT count(*) FROM live) <= :max
                               ELSE fresh <= :max - (SELECT count(*) FROM live) END
                    ON CONFLICT (task_id) DO UPDATE SET vendor = excluded.vendor, account = excluded.account,
                        holder = excluded.holder, expires_at = excluded.expires_at
                    RETURNING task_id""")
                    .param("tasks", taskIds.toArray(Long[]::new)).param("vendor", vendor).param("account", account)
                    .param("holder", holder).param("ttl", seconds(ttl)).param("max", max).query(Long.class).list();
        });
        return taken == null ? List.of() : taken;
    }

    /**
     * Live leases of the account that a lane working {@code slice} must leave alone: all but those
     * that other holders have on the slice's own tasks. A slice is worked by one process at a time
     * (its run's or partition's lock), so such a lease is left by a process that worked it before and
     * died; the task takes it over when it is taken up again ({@link #acquire} replaces it), and must
     * not wait for it to expire.
     */
    int live(String vendor, String account, Slice slice) {
        return jdbc.sql("""
                SELECT count(*) FROM vendor_lease
                WHERE vendor = ? AND account = ? AND expires_at > now()
                  AND NOT (holder <> ? AND EXISTS (SELECT 1 FROM task WHERE task.id = vendor_lease.task_id
                                                   AND task.run_id = ? AND task.id % ? = ?))""")
                .param(vendor).param(account).param(holder).param(slice.runId()).param(slice.count()).param(slice.index())
                .query(Integer.class).single();
    }

    /** Gives the task's slot back, unless another process took the task over meanwhile. */
    void release(long taskId) {
        jdbc.sql("DELETE FROM vendor_lease WHERE task_id = ? AND holder = ?").param(taskId).param(holder).update();
    }

    /**
     * Pushes the expiry of every lease of this process ttl ahead, lapsed ones included: a task whose
     * lease lapsed (the database was away longer than the ttl) is still at the vendor and counts again.
     */
    void renew() {
        jdbc.sql("UPDATE vendor_lease SET expires_at = now() + make_interval(secs => ?) WHERE holder = ?")
                .param(seconds(ttl)).param(holder).update();
    }

    /** Gives back every lease of this process. */
    void releaseAll() {
        jdbc.sql("DELETE FROM vendor_lease WHERE holder = ?").param(holder).update();
    }

    String holder() {
        return holder;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
