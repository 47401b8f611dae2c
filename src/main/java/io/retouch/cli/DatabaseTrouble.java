package io.retouch.cli;

import java.sql.SQLException;

/** Whether a failure is the database's (unreachable, refusing us, full): the operator's to fix, said in one line. */
final class DatabaseTrouble {

    private DatabaseTrouble() {
    }

    /** The database's own error in the cause chain, when it says the connection could not be made or used. */
    static SQLException of(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && connecting(sql.getSQLState())) return sql;
        }
        return null;
    }

    /**
     * SQLSTATE classes of a connection that cannot be made or kept: 08 (connection exception), 28
     * (authorization), 3D000 (no such database), 53 (out of resources: too many clients), 57P0x (the
     * server is shutting down or starting).
     */
    private static boolean connecting(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
                || state.startsWith("53") || state.startsWith("57P0"));
    }
}
