package io.retouch.fleet;

import io.retouch.infra.AdvisoryLock;
import io.retouch.task.Slice;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The lock a worker holds while it works a partition of a run. It goes with the worker's database
 * session, so a worker killed mid-run frees its partition at once, and the manager sends it again.
 */
public final class PartitionLock {

    /** 'RP' and the partition's number: never the run lock's 'RETC'. */
    private static final int NAMESPACE = 0x52500000;

    private PartitionLock() {
    }

    public static AdvisoryLock tryAcquire(DataSource dataSource, Slice slice) throws SQLException {
        return AdvisoryLock.tryAcquire(dataSource, NAMESPACE | slice.index(), (int) slice.runId());
    }

    public static boolean isHeld(DataSource dataSource, Slice slice) throws SQLException {
        return AdvisoryLock.isHeld(dataSource, NAMESPACE | slice.index(), (int) slice.runId());
    }
}
