package io.retouch.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL whose data persist in one folder, shared by every Retouch command of one RETOUCH_HOME.
 * <p>
 * Each process that uses the server holds a shared lock on {@code postgres.users} beside the data
 * folder; the operating system drops it when the process ends, even by kill -9. The server is
 * stopped by the last user to leave (the one that can then take the lock exclusively), whoever
 * started it, so a {@code status} that ends never pulls the database away from a {@code run}, and
 * a server left by a killed process is reused by the next command and stopped when it is done.
 * Starting, reusing and stopping happen under {@code postgres.lock}, so they never interleave.
 * Unlike the library's test defaults, fsync and synchronous commits stay on: these rows are money.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** This JVM's use of each data folder (tests and a context per command may open several). */
    private static final Map<Path, Use> USES = new HashMap<>();

    private static final class Use {
        final FileChannel users;
        final FileLock shared;
        final int port;
        final EmbeddedPostgres started;
        int handles = 1;

        Use(FileChannel users, FileLock shared, int port, EmbeddedPostgres started) {
            this.users = users;
            this.shared = shared;
            this.port = port;
            this.started = started;
        }
    }

    private final Path dataDir;
    private final int port;
    private boolean closed;

    private EmbeddedDatabase(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static EmbeddedDatabase startOrReuse(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        synchronized (USES) {
            Use use = USES.get(dir);
            if (use != null) {
                use.handles++;
                return new EmbeddedDatabase(dir, use.port);
            }
            try {
                Files.createDirectories(dir.getParent());
                try (FileChannel mutex = open(dir.resolveSibling("postgres.lock")); var ignored = mutex.lock()) {
                    FileChannel users = open(dir.resolveSibling("postgres.users"));
                    FileLock shared = users.lock(0, Long.MAX_VALUE, true);
                    Postmaster running = postmaster(dir);
                    EmbeddedPostgres started = null;
                    if (running != null) {
                        log.info("Using the embedded PostgreSQL already running on port {}", running.port());
                    } else {
                        started = EmbeddedPostgres.builder()
                                .setDataDirectory(dir)
                                .setCleanDataDirectory(false)
                                // the last user stops it, which may be another process (see close)
                                .setRegisterShutdownHook(false)
                                .setServerConfig("max_connections", "300")
                                // the library turns these off for throwaway test databases; ours holds paid work
                                .setServerConfig("fsync", "on")
                                .setServerConfig("synchronous_commit", "on")
                                .setServerConfig("full_page_writes", "on")
                                .start();
                        log.info("Started embedded PostgreSQL on port {} with data in {}", started.getPort(), dir);
                    }
                    Use fresh = new Use(users, shared, running != null ? running.port() : started.getPort(), started);
                    USES.put(dir, fresh);
                    return new EmbeddedDatabase(dir, fresh.port);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dir, e);
            }
        }
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** Database {@code database} of this server (user postgres, password postgres): what {@code embedded:NAME} in a spec reads. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates database {@code database} on this server unless it exists (for a demo catalog that a
     * manifest query reads as {@code embedded:NAME}). The name is lowercase letters, digits and '_'.
     */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}"))
            throw new IllegalArgumentException("'" + database + "' is not a database name (lowercase letters, digits, '_')");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) return;
            }
            try (var create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database); // the name was checked above: nothing to quote
            }
        } catch (java.sql.SQLException e) {
            if ("42P04".equals(e.getSQLState())) return; // another command created it meanwhile
            throw new IllegalStateException("cannot create database " + database + " on " + jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Leaves the server to its other users; the last one out stops it. */
    @Override
    public void close() throws IOException {
        synchronized (USES) {
            if (closed) return;
            closed = true;
            Use use = USES.get(dataDir);
            if (use == null || --use.handles > 0) return;
            USES.remove(dataDir);
            try (FileChannel mutex = open(dataDir.resolveSibling("postgres.lock")); var ignored = mutex.lock();
                 FileChannel users = use.users) {
                use.shared.release();
                FileLock alone = users.tryLock();
                if (alone == null) {
                    log.info("Leaving the embedded PostgreSQL running for the other Retouch commands using it");
                    return;
                }
                stop(use.started);
                alone.release();
            }
        }
    }

    private void stop(EmbeddedPostgres started) throws IOException {
        if (started != null) {
            started.close();
            return;
        }
        Path pidFile = dataDir.resolve("postmaster.pid");
        Postmaster running = postmaster(dataDir);
        if (running == null) return;
        long pid = running.pid();
        try {
            // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients outside Retouch (a psql) to leave
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            log.info("Stopped the embedded PostgreSQL (pid {}) in {}", pid, dataDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not stop the embedded PostgreSQL (pid {}, see {}): {}", pid, pidFile, e.toString());
        }
    }

    /** A live server on the data directory, as its postmaster.pid says: process id and port. */
    private record Postmaster(long pid, int port) {}

    private static Postmaster postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return null;
        List<String> lines = Files.readAllLines(pidFile);
        // until the server is up its file lacks the port line: not usable yet
        if (lines.size() < 4 || lines.getFirst().isBlank()) return null;
        long pid = Long.parseLong(lines.getFirst().trim());
        // a pid file left by a dead server may name a process that has since taken the number: not ours to use or signal
        boolean postgres = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true)).orElse(false);
        return postgres ? new Postmaster(pid, Integer.parseInt(lines.get(3).trim())) : null;
    }

    private static FileChannel open(Path file) throws IOException {
        // read as well: a shared lock needs a readable channel
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
