package io.retouch.testing;

import io.retouch.infra.EmbeddedDatabase;
import io.retouch.infra.EmbeddedObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One PostgreSQL and one S3 per test JVM: Testcontainers (Postgres 17, MinIO) when a Docker engine
 * answers, else embedded PostgreSQL and in-process S3Proxy. {@code -Dinfra.mode=docker|embedded} decides
 * instead. Every test talks to the real thing; nothing of ours is mocked.
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final Map<String, String> properties;
    private final Path home;

    private TestInfrastructure(Map<String, String> properties, Path home) {
        this.properties = properties;
        this.home = home;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) instance = start();
        return instance;
    }

    /** Spring properties (and, upper-cased, environment variables) that point Retouch at this infrastructure. */
    public Map<String, String> properties() {
        return properties;
    }

    /** A RETOUCH_HOME for logs and the simulator, shared by the JVM's tests. */
    public Path home() {
        return home;
    }

    /** The same settings as environment variables, for Retouch processes started by a test. */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>();
        properties.forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        return env;
    }

    private static TestInfrastructure start() {
        try {
            Path home = Files.createTempDirectory("retouch-test-");
            String mode = System.getProperty("infra.mode", dockerAvailable() ? "docker" : "embedded");
            return new TestInfrastructure("docker".equals(mode) ? containers() : embedded(home), home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private static Map<String, String> embedded(Path home) {
        EmbeddedDatabase db = EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        EmbeddedObjectStore s3 = EmbeddedObjectStore.start(home.resolve("s3"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s3.close();
                db.close();
            } catch (Exception ignored) {
                // JVM is exiting
            }
        }));
        return Map.of("spring.datasource.url", db.jdbcUrl(), "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres", "retouch.s3.endpoint", s3.endpoint(),
                "retouch.s3.access-key", EmbeddedObjectStore.ACCESS_KEY, "retouch.s3.secret-key", EmbeddedObjectStore.SECRET_KEY);
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Map<String, String> containers() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17");
        MinIOContainer minio = new MinIOContainer("minio/minio:latest");
        pg.start();
        minio.start();
        return Map.of("spring.datasource.url", pg.getJdbcUrl(), "spring.datasource.username", pg.getUsername(),
                "spring.datasource.password", pg.getPassword(), "retouch.s3.endpoint", minio.getS3URL(),
                "retouch.s3.access-key", minio.getUserName(), "retouch.s3.secret-key", minio.getPassword());
    }
}
