package io.retouch.cli;

import io.retouch.RetouchApplication;
import io.retouch.infra.EmbeddedDefaults;
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

    /** For a command that works a run: {@link Stoppable} handles signals, and the command closes the context itself. */
    static ConfigurableApplicationContext openForWork() {
        return builder().registerShutdownHook(false).run();
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RetouchApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(new EmbeddedDefaults())
                .logStartupInfo(false);
    }
}
