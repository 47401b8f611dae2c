package io.retouch.infra;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A step that fails (a manifest query the database stops mid-way, an S3 store gone) is logged by
 * Spring Batch with its stack trace: that belongs in RETOUCH_HOME/logs/retouch.log, where the
 * command's one line about the stopped run points. The console gets the line, not the trace.
 */
@Component
class QuietConsole {

    QuietConsole() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        Appender<ILoggingEvent> console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        if (console == null) return;
        console.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                return event.getThrowableProxy() != null && event.getLoggerName().startsWith("org.springframework.batch.")
                        ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        });
    }
}
