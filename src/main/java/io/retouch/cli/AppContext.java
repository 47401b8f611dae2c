package io.retouch.cli;

import io.retouch.RetouchApplication;
import io.retouch.infra.EmbeddedDefaults;
import io.retouch.infra.QuietConsole;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots Retouch's Spring context for commands that need the database, S3 or the job. */
final class AppContext {

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
     * For `retouch serve`: the whole of Retouch, its serve beans ({@code retouch.serve}), and the one web
     * server of any command, for /actuator/health and /actuator/prometheus on {@code port} (0: a free one).
     */
    static ConfigurableApplicationContext openForServe(int port) {
        return builder().web(WebApplicationType.SERVLET).registerShutdownHook(false)
                .properties("retouch.serve=true", "server.port=" + port,
                        "management.endpoints.web.exposure.include=health,prometheus")
                .run();
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RetouchApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(new QuietConsole(), new EmbeddedDefaults())
                .logStartupInfo(false);
    }
}
