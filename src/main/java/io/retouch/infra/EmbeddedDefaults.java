package io.retouch.infra;

import io.retouch.storage.StoreReadiness;
import java.util.HashMap;
import java.util.Map;
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
        // the S3 store starts in the background, beside the database; its first use waits for it (StoreReadiness)
        EmbeddedObjectStore s3 = objectStore && isBlank(env.getProperty("retouch.s3.endpoint"))
                && !"external".equals(env.getProperty("retouch.s3.mode")) ? EmbeddedObjectStore.start(home.resolve("s3")) : null;
        if (isBlank(env.getProperty("spring.datasource.url"))) {
            EmbeddedDatabase db = startDatabase(home, s3);
            props.put("spring.datasource.url", db.jdbcUrl());
            props.put("spring.datasource.username", "postgres");
            props.put("spring.datasource.password", "postgres");
            // a manifest query may read another database of this server as embedded:NAME (io.retouch.manifest)
            props.put(EMBEDDED_DATABASE, "true");
            closeWith(context, "retouch.embedded.postgres", db);
        }
        if (s3 != null) {
            props.put("retouch.s3.endpoint", s3.endpoint());
            props.put("retouch.s3.access-key", EmbeddedObjectStore.ACCESS_KEY);
            props.put("retouch.s3.secret-key", EmbeddedObjectStore.SECRET_KEY);
            // on 127.0.0.1 only: a real vendor cannot fetch presigned URLs of it (io.retouch.inputs)
            props.put("retouch.s3.embedded", "true");
            closeWith(context, "retouch.embedded.s3", s3);
            context.getBeanFactory().registerSingleton("retouch.embedded.s3.readiness", (StoreReadiness) s3::awaitStarted);
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
    private static EmbeddedDatabase startDatabase(RetouchHome home, EmbeddedObjectStore s3) {
        try {
            return EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
        } catch (RuntimeException | Error e) {
            if (s3 != null) closeQuietly(s3);
            throw e;
        }
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
