package io.retouch.infra;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With no database configured (spring.datasource.url) Retouch starts embedded PostgreSQL, and with
 * no S3 configured (retouch.s3.endpoint, or retouch.s3.mode=external for AWS) an embedded S3,
 * both keeping their data under RETOUCH_HOME so later commands see earlier runs.
 */
public class EmbeddedDefaults implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Set when Retouch runs on the embedded PostgreSQL of RETOUCH_HOME. */
    public static final String EMBEDDED_DATABASE = "retouch.db.embedded";

    private final boolean objectStore;

    public EmbeddedDefaults() {
        this(true);
    }

    private EmbeddedDefaults(boolean objectStore) {
        this.objectStore = objectStore;
    }

    /** The embedded database only: for commands that never touch S3. */
    public static EmbeddedDefaults databaseOnly() {
        return new EmbeddedDefaults(false);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        RetouchHome home = RetouchHome.from(env);
        Map<String, Object> props = new HashMap<>();
        props.put("retouch.home", home.path().toString());
        // the S3 store starts beside the database (each takes a second or more, mostly waiting)
        CompletableFuture<EmbeddedObjectStore> s3Started = objectStore && isBlank(env.getProperty("retouch.s3.endpoint"))
                && !"external".equals(env.getProperty("retouch.s3.mode"))
                ? CompletableFuture.supplyAsync(() -> EmbeddedObjectStore.start(home.resolve("s3")), EmbeddedDefaults::onItsOwnThread)
                : null;
        if (isBlank(env.getProperty("spring.datasource.url"))) {
            EmbeddedDatabase db = startDatabase(home, s3Started);
            props.put("spring.datasource.url", db.jdbcUrl());
            props.put("spring.datasource.username", "postgres");
            props.put("spring.datasource.password", "postgres");
            // a manifest query may read another database of this server as embedded:NAME (io.retouch.manifest)
            props.put(EMBEDDED_DATABASE, "true");
            closeWith(context, "retouch.embedded.postgres", db);
        }
        if (s3Started != null) {
            EmbeddedObjectStore s3 = joined(s3Started);
            props.put("retouch.s3.endpoint", s3.endpoint());
            props.put("retouch.s3.access-key", EmbeddedObjectStore.ACCESS_KEY);
            props.put("retouch.s3.secret-key", EmbeddedObjectStore.SECRET_KEY);
            // on 127.0.0.1 only: a real vendor cannot fetch presigned URLs of it (io.retouch.inputs)
            props.put("retouch.s3.embedded", "true");
            closeWith(context, "retouch.embedded.s3", s3);
        }
        env.getPropertySources().addFirst(new MapPropertySource("retouch-embedded", props));
    }

    /**
     * Stops {@code resource} after every bean of the context is gone: it is registered before any bean,
     * and the context destroys its beans in reverse order. Stopped at the close event instead (which
     * comes first), the database left the beans that give back work as they end (slot leases, the
     * last audit records, the connection pool) waiting 30 s for a server that was gone, with warnings.
     */
    private static void closeWith(ConfigurableApplicationContext context, String name, AutoCloseable resource) {
        ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean(name, () -> closeQuietly(resource));
    }

    /** Starts the database; when that fails, the S3 store started beside it is stopped too. */
    private static EmbeddedDatabase startDatabase(RetouchHome home, CompletableFuture<EmbeddedObjectStore> s3Started) {
        try {
            return EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        } catch (RuntimeException | Error e) {
            if (s3Started != null) s3Started.thenAccept(EmbeddedDefaults::closeQuietly);
            throw e;
        }
    }

    private static EmbeddedObjectStore joined(CompletableFuture<EmbeddedObjectStore> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    private static void onItsOwnThread(Runnable start) {
        Thread thread = new Thread(start, "embedded-s3-start");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
