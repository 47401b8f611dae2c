package io.retouch.infra;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stack traces belong in RETOUCH_HOME/logs/retouch.log, where the command's one line points: a step
 * that fails (a manifest query the database stops mid-way, an S3 store gone), or a context that
 * cannot start (the database unreachable) is logged by Spring with its trace, and the console gets
 * the command's line, not the trace. Installed once logging is set up, before the context starts.
 */
public final class QuietConsole implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String STARTUP_FAILED = "Exception encountered during context initialization";
    private static final String FAILURE_ANALYSIS = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logging)) return;
        Appender<ILoggingEvent> console = logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        if (console == null) return;
        console.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                boolean spring = event.getLoggerName().startsWith("org.springframework.");
                // Boot's failure analysis (a port in use, say) is a dozen lines the command says in one
                boolean trace = event.getThrowableProxy() != null
                        || String.valueOf(event.getMessage()).startsWith(STARTUP_FAILED)
                        || event.getLoggerName().equals(FAILURE_ANALYSIS);
                return spring && trace ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        });
    }
}
