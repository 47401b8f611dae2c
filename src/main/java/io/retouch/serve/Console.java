package io.retouch.serve;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per firing, skip, recovery and run end: on the console for the operator, and in the log. */
public final class Console {

    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final PrintWriter out;

    public Console(PrintWriter out) {
        this.out = out;
    }

    public synchronized void say(String line) {
        out.println(line);
        out.flush();
        log.info(line);
    }
}
