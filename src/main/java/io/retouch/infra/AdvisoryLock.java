package io.retouch.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A PostgreSQL session advisory lock, keyed by two ints, held on a connection of its own. If the
 * process that holds it dies (even by kill -9) the connection drops and the lock goes with it, so
 * another process can tell work that is going on from work whose process is gone.
 */
public final class AdvisoryLock implements AutoCloseable {

    private final Connection connection;
    private final int classId;
    private final int objectId;

    private AdvisoryLock(Connection connection, int classId, int objectId) {
        this.connection = connection;
        this.classId = classId;
        this.objectId = objectId;
    }

    /** The lock, or null when another session holds it. */
    public static AdvisoryLock tryAcquire(DataSource dataSource, int classId, int objectId) throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            s.setInt(1, classId);
            s.setInt(2, objectId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) return new AdvisoryLock(c, classId, objectId);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return null;
    }

    /** Whether some session holds the lock now, without taking it; only this database's locks count. */
    public static boolean isHeld(DataSource dataSource, int classId, int objectId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                               AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2)""")) {
            s.setLong(1, Integer.toUnsignedLong(classId));
            s.setLong(2, Integer.toUnsignedLong(objectId));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection; PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            s.setInt(1, classId);
            s.setInt(2, objectId);
            s.execute();
        }
    }
}
