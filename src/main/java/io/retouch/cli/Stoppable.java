package io.retouch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C for a command that works a run. The JVM's own reaction starts its shutdown at
 * once, which tears the database, S3 and the simulator away from submissions on the wire while
 * they run; instead the first signal asks the run to stop, as `retouch stop` would, and the command
 * ends normally: in-flight answers recorded, one line printed, everything closed. A second signal
 * is the JVM's usual immediate exit (a restart then treats the run as crashed).
 */
final class Stoppable {

    private static final AtomicReference<java.util.function.Consumer<String>> onSignal = new AtomicReference<>();
    private static volatile String firstSignal;
    private static final AtomicInteger signals = new AtomicInteger();

    private Stoppable() {
    }

    interface Body {
        int run() throws Exception;
    }

    static int run(Body body) throws Exception {
        List<Runnable> restore = new ArrayList<>();
        for (String name : List.of("TERM", "INT")) {
            Signal signal = new Signal(name);
            AtomicReference<SignalHandler> previous = new AtomicReference<>();
            previous.set(Signal.handle(signal, s -> {
                if (signals.incrementAndGet() > 1) {
                    previous.get().handle(s);
                    return;
                }
                firstSignal = s.getName().equals("INT") ? "Ctrl-C" : "SIG" + s.getName();
                var stop = onSignal.get();
                if (stop != null) stop.accept(firstSignal);
            }));
            restore.add(() -> Signal.handle(signal, previous.get()));
        }
        try {
            return body.run();
        } finally {
            onSignal.set(null);
            restore.forEach(Runnable::run);
        }
    }

    /** What a signal does once the run is under way (a signal that came before it does it now). */
    static void onSignal(java.util.function.Consumer<String> stop) {
        onSignal.set(stop);
        if (firstSignal != null) stop.accept(firstSignal);
    }
}
