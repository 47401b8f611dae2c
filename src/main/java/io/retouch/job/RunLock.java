package io.retouch.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A PostgreSQL advisory lock held by the process that drives a run, on a connection of its own.
 * If that process dies (even by kill -9) the connection drops and the lock goes with it, so
 * `restart` can tell a crashed run from one still running elsewhere.
 */
final class RunLock implements AutoCloseable {

    /** First half of the lock key: 'RETC', so our locks do not collide with other users of the database. */
    private static final int NAMESPACE = 0x52455443;

    private final Connection connection;
    private final long runId;

    private RunLock(Connection connection, long runId) {
        this.connection = connection;
        this.runId = runId;
    }

    /** The lock, or null when another process holds it. */
    static RunLock tryAcquire(DataSource dataSource, long runId) throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            s.setInt(1, NAMESPACE);
            s.setInt(2, (int) runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) return new RunLock(c, runId);
            }
        }
        c.close();
        return null;
    }

    /** Whether some session holds the run's lock now, without taking it (a restart racing this check is not refused). */
    static boolean isHeld(DataSource dataSource, long runId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                               AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2)""")) {
            s.setLong(1, Integer.toUnsignedLong(NAMESPACE));
            s.setLong(2, Integer.toUnsignedLong((int) runId));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection; PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            s.setInt(1, NAMESPACE);
            s.setInt(2, (int) runId);
            s.execute();
        }
    }
}
