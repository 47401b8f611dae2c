package io.retouch.manifest;

import io.retouch.spec.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;

/**
 * A manifest read from a database query by Spring Batch's cursor reader: the result streams in
 * {@code fetch-size} rows at a time over one connection held for the step, and a restart skips the
 * rows the step committed (their count is in the step's execution context). That needs the query
 * to give its rows in the same order each time: hence ORDER BY (docs/job-spec.md#query).
 */
final class QueryManifest {

    private QueryManifest() {
    }

    static JdbcCursorItemReader<ManifestRow> reader(DataSource database, BoundQuery query, int fetchSize) {
        JdbcCursorItemReader<ManifestRow> reader = new JdbcCursorItemReader<>(database, query.sql(), new QueryRows());
        reader.setPreparedStatementSetter(query.setter());
        reader.setFetchSize(fetchSize);
        // PostgreSQL's driver fetches rows in batches only inside a transaction; with autocommit it loads them all
        reader.setConnectionAutoCommit(false);
        reader.setName("manifest");
        return reader;
    }

    /**
     * Problems with the query's columns, found without reading a row: the statement is prepared with
     * its parameters bound and the database describes its result. A driver that cannot describe it
     * runs it for at most one row, in a read-only transaction that is rolled back.
     */
    static List<String> columnProblems(Manifest.Query spec, DataSource database, BoundQuery query) {
        Connection connection;
        try {
            connection = database.getConnection();
        } catch (SQLException e) {
            return List.of("manifest.jdbc-url: cannot connect to " + QueryDatabase.shown(spec.jdbcUrl()) + ": " + e.getMessage());
        }
        try (connection; PreparedStatement statement = connection.prepareStatement(query.sql())) {
            // nothing the check runs may change the database: a read-only transaction, rolled back
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            query.setter().setValues(statement);
            ResultSetMetaData described = statement.getMetaData();
            if (described != null) return ManifestColumns.problems(QueryRows.labels(described), "manifest.query");
            statement.setMaxRows(1);
            try (ResultSet rs = statement.executeQuery()) {
                return ManifestColumns.problems(QueryRows.labels(rs.getMetaData()), "manifest.query");
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            return List.of("manifest.query: the database refused it: " + e.getMessage());
        }
    }
}
