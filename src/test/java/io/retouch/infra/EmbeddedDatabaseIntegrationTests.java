package io.retouch.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several commands in one RETOUCH_HOME share one embedded PostgreSQL: none pulls it away from
 * another, the last one out stops it, and one left by a killed process is reused, then stopped.
 */
class EmbeddedDatabaseIntegrationTests {

    @Test
    void theDatabaseOutlivesTheCommandThatStartedItWhileAnotherUsesIt(@TempDir Path home) throws Exception {
        EmbeddedDatabase first = EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        Process other = user(home);
        String url = awaitReady(other);
        assertThat(url).isEqualTo(first.jdbcUrl());

        first.close(); // the command that started the server ends first
        assertThat(answers(url)).as("the other command still has its database").isTrue();

        other.getOutputStream().close(); // the last user leaves
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(answers(url)).as("the last user stopped the server").isFalse();
        assertThat(home.resolve("postgres/postmaster.pid")).doesNotExist();
    }

    @Test
    void aServerLeftByAKilledCommandIsReusedThenStopped(@TempDir Path home) throws Exception {
        Process killed = user(home);
        String url = awaitReady(killed);
        killed.destroyForcibly();
        killed.waitFor();
        assertThat(answers(url)).as("kill -9 leaves the server running").isTrue();

        EmbeddedDatabase next = EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        assertThat(next.jdbcUrl()).as("reused, not started twice").isEqualTo(url);
        next.close();
        assertThat(answers(url)).as("stopped by its last user, not leaked").isFalse();
    }

    @Test
    void handlesInOneProcessShareTheServerAndItKeepsFsyncOn(@TempDir Path home) throws Exception {
        EmbeddedDatabase one = EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        EmbeddedDatabase two = EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        one.close();
        one.close(); // twice is harmless
        try (Connection c = DriverManager.getConnection(two.jdbcUrl(), "postgres", "postgres")) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
        two.close();
        assertThat(answers(two.jdbcUrl())).isFalse();
    }

    private static Process user(Path home) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DatabaseUser.class.getName(),
                home.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String awaitReady(Process process) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("ready ")) return line.substring("ready ".length()); // after its log lines
        }
        throw new AssertionError("the user process ended before it was ready");
    }

    private static boolean answers(String url) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            return c.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }
}
