package io.retouch.cli;

import io.retouch.RetouchApplication;
import io.retouch.infra.EmbeddedDefaults;
import io.retouch.infra.QuietConsole;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots Retouch's Spring context for commands that need the database, S3 or the job. */
final class AppContext {

    /** As many connections as one `retouch run` process may use (spring.datasource.hikari.maximum-pool-size). */
    static final int SERVE_CONNECTIONS_PER_RUN = 16;

    private AppContext() {
    }

    static ConfigurableApplicationContext open() {
        return builder().run();
    }

    /**
     * For commands that only read runs and tasks (`runs`, `status`, `tasks`): the database and the
     * stores that read it, nothing else — no S3, no Spring Batch, no vendors — so they answer fast.
     */
    static ConfigurableApplicationContext openForReading() {
        return new SpringApplicationBuilder(ReadingContext.class)
                .web(WebApplicationType.NONE)
                .initializers(new QuietConsole(), EmbeddedDefaults.databaseOnly())
                .logStartupInfo(false)
                .run();
    }

    /** For a command that works a run: {@link Stoppable} handles signals, and the command closes the context itself. */
    static ConfigurableApplicationContext openForWork() {
        return builder().registerShutdownHook(false).run();
    }

    /**
     * For `retouch serve`: the whole of Retouch, its serve beans ({@code retouch.serve}), and a web
     * server (see {@link #withWebServer}) with the connections of {@code maxRuns} runs at once.
     */
    static ConfigurableApplicationContext openForServe(int port, int maxRuns) {
        return withWebServer("retouch.serve", port, maxRuns);
    }

    /** For `retouch worker`: the whole of Retouch and a web server with the connections of {@code atOnce} partitions. */
    static ConfigurableApplicationContext openForWorker(int port, int atOnce) {
        return withWebServer("retouch.worker", port, atOnce);
    }

    /**
     * The one web server of any command, for /actuator/health and /actuator/prometheus on {@code port}
     * (0: a free one), for a process that may work {@code runs} runs or partitions at once: each holds a
     * connection for its lock for as long as it runs, so each gets the pool `retouch run` has. A port
     * in use is the operator's to change, not an internal error.
     */
    private static ConfigurableApplicationContext withWebServer(String role, int port, int runs) {
        try {
            return builder().web(WebApplicationType.SERVLET).registerShutdownHook(false)
                    .properties(role + "=true", "server.port=" + port,
                            "spring.datasource.hikari.maximum-pool-size=" + SERVE_CONNECTIONS_PER_RUN * runs,
                            "management.endpoints.web.exposure.include=health,prometheus")
                    .run();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause())
                if (t instanceof org.springframework.boot.web.server.PortInUseException)
                    throw new IllegalArgumentException("--port " + port + " is in use; choose another (0: a free one)");
            throw e;
        }
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RetouchApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(new QuietConsole(), new EmbeddedDefaults())
                .logStartupInfo(false);
    }
}
