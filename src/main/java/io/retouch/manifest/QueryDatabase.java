package io.retouch.manifest;

import io.retouch.infra.EmbeddedDefaults;
import io.retouch.spec.Manifest;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The database a manifest query reads: its JDBC URL ({@code embedded:NAME} = database NAME on the
 * embedded PostgreSQL Retouch runs on), its driver, and credentials read from the environment
 * variables the spec names. Connections are opened per use and closed by whoever opened them.
 */
final class QueryDatabase {

    private QueryDatabase() {
    }

    static DataSource of(Manifest.Query query, Environment env) {
        String database = query.embeddedDatabase();
        String url = database == null ? query.jdbcUrl() : embeddedUrl(env, database, query.jdbcUrl());
        Driver driver;
        try {
            driver = DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new ManifestProblem("manifest.jdbc-url: no JDBC driver on the classpath for " + shown(url)
                    + "; PostgreSQL's ships with Retouch, others go in pom.xml as a runtime dependency (then rebuild the jar)");
        }
        String user = credential(env, "username-env", query.usernameEnv(), database == null ? null : "postgres");
        String password = credential(env, "password-env", query.passwordEnv(), database == null ? null : "postgres");
        return new SimpleDriverDataSource(driver, url, user, password);
    }

    /** The URL of database {@code name} on the server of spring.datasource.url, when that is the embedded one. */
    private static String embeddedUrl(Environment env, String name, String asWritten) {
        String own = env.getProperty("spring.datasource.url");
        if (!"true".equals(env.getProperty(EmbeddedDefaults.EMBEDDED_DATABASE)) || own == null)
            throw new ManifestProblem("manifest.jdbc-url: " + asWritten + " names a database of the embedded PostgreSQL,"
                    + " but Retouch runs on an external database (spring.datasource.url); give the JDBC URL of the database to read");
        return own.substring(0, own.lastIndexOf('/') + 1) + name;
    }

    private static String credential(Environment env, String field, String variable, String fallback) {
        if (variable == null) return fallback;
        String value = env.getProperty(variable);
        if (value == null) throw new ManifestProblem("manifest." + field + ": the environment variable " + variable + " is not set");
        return value;
    }

    /** A URL as shown in messages: without its parameters, where a careless URL may hold a password. */
    static String shown(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) if (url.indexOf(c) >= 0) cut = Math.min(cut, url.indexOf(c));
        return url.substring(0, cut);
    }
}
