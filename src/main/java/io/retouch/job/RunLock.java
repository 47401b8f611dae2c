package io.retouch.job;

import io.retouch.infra.AdvisoryLock;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The lock held by the process that drives a run (`run`, `restart`, a serve, a fleet's manager),
 * so `restart` and serve can tell a crashed run from one still running elsewhere.
 */
final class RunLock {

    /** First half of the lock key: 'RETC', so our locks do not collide with other users of the database. */
    private static final int NAMESPACE = 0x52455443;

    private RunLock() {
    }

    /** The lock, or null when another process holds it. */
    static AdvisoryLock tryAcquire(DataSource dataSource, long runId) throws SQLException {
        return AdvisoryLock.tryAcquire(dataSource, NAMESPACE, (int) runId);
    }

    /** Whether some process holds the run's lock now, without taking it (a restart racing this check is not refused). */
    static boolean isHeld(DataSource dataSource, long runId) throws SQLException {
        return AdvisoryLock.isHeld(dataSource, NAMESPACE, (int) runId);
    }
}
