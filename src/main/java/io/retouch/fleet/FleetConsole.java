package io.retouch.fleet;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where a fleet's manager and workers say what they do (a partition sent, taken, ended, sent
 * again): the console of the command that works it once it has said so, and always the log.
 */
@Component
public class FleetConsole {

    private static final Logger log = LoggerFactory.getLogger(FleetConsole.class);

    private volatile Consumer<String> out = line -> { };

    /** The command's console: one line per event. */
    public void printTo(Consumer<String> out) {
        this.out = out;
    }

    public void say(String line) {
        log.info(line);
        out.accept(line);
    }
}
