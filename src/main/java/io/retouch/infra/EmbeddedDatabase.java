package io.retouch.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL whose data persist in one folder. If a server already runs on that folder (another
 * Retouch command, or one left behind by a process killed with -9) it is reused, so `status`
 * beside a running `run`, and `restart` after a crash, see the same database.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final int port;
    private final EmbeddedPostgres owned;

    private EmbeddedDatabase(int port, EmbeddedPostgres owned) {
        this.port = port;
        this.owned = owned;
    }

    public static EmbeddedDatabase startOrReuse(Path dataDir) {
        try {
            Files.createDirectories(dataDir.getParent());
            try (FileChannel lock = FileChannel.open(dataDir.resolveSibling("postgres.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var ignored = lock.lock()) {
                Integer running = runningPort(dataDir);
                if (running != null) {
                    log.info("Using the embedded PostgreSQL already running on port {}", running);
                    return new EmbeddedDatabase(running, null);
                }
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(true)
                        .setServerConfig("max_connections", "100")
                        .start();
                log.info("Started embedded PostgreSQL on port {} with data in {}", pg.getPort(), dataDir);
                return new EmbeddedDatabase(pg.getPort(), pg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** The port of a live postmaster on this data directory, from its postmaster.pid. */
    private static Integer runningPort(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return null;
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) return null;
        long pid = Long.parseLong(lines.get(0).trim());
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Integer.parseInt(lines.get(3).trim()) : null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException {
        if (owned != null) owned.close();
    }
}
