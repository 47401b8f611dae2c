package io.retouch.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database {@code catalog_it} beside Retouch's own on the test PostgreSQL, for manifests that are
 * queries: tests create their tables in it. Its credentials are given to Retouch the way an operator
 * does, as variables ({@link #USER_VARIABLE}, {@link #PASSWORD_VARIABLE}) set as system properties.
 */
public final class CatalogDatabase {

    public static final String USER_VARIABLE = "CATALOG_IT_USER";
    public static final String PASSWORD_VARIABLE = "CATALOG_IT_PASSWORD";
    private static final String NAME = "catalog_it";

    private CatalogDatabase() {
    }

    /** Creates the database unless it exists, and sets the credential variables. */
    public static synchronized String jdbcUrl() {
        Map<String, String> infra = TestInfrastructure.get().properties();
        String own = infra.get("spring.datasource.url");
        String url = own.substring(0, own.lastIndexOf('/') + 1) + NAME;
        System.setProperty(USER_VARIABLE, infra.get("spring.datasource.username"));
        System.setProperty(PASSWORD_VARIABLE, infra.get("spring.datasource.password"));
        try (Connection admin = DriverManager.getConnection(own, infra.get("spring.datasource.username"),
                infra.get("spring.datasource.password")); Statement s = admin.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'");
            if (!rs.next()) s.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    /** Runs SQL statements on the catalog database. */
    public static void execute(String... statements) {
        Map<String, String> infra = TestInfrastructure.get().properties();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), infra.get("spring.datasource.username"),
                infra.get("spring.datasource.password")); Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code manifest:} mapping of a spec reading {@code query} from the catalog database. */
    public static String manifest(String query) {
        return manifest(query, "");
    }

    /** The same with more fields of the mapping ({@code parameters: {...}}), indented as given. */
    public static String manifest(String query, String moreFields) {
        return """
                manifest:
                  jdbc-url: %s
                  username-env: %s
                  password-env: %s
                  fetch-size: 100
                %s
                  query: |
                %s""".formatted(jdbcUrl(), USER_VARIABLE, PASSWORD_VARIABLE, moreFields.indent(2).stripTrailing(),
                query.indent(4).stripTrailing());
    }
}
