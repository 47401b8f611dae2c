package io.retouch.testing;

import io.retouch.cli.RetouchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * A Retouch command run in this JVM as an operator types it, on the test PostgreSQL and S3 (set as
 * system properties for the call, as `-D` options would be), with what it printed and its exit code.
 */
public final class Cli {

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        return runIn(TestInfrastructure.get().home(), args);
    }

    /** With its own RETOUCH_HOME (logs, the in-process simulator's state); the database and S3 stay the test ones. */
    public static Result runIn(java.nio.file.Path home, String... args) {
        return runIn(home, Map.of(), args);
    }

    /** With its own RETOUCH_HOME, and {@code overrides} laid over the test database's and S3's properties. */
    public static synchronized Result runIn(java.nio.file.Path home, Map<String, String> overrides, String... args) {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.get().properties());
        properties.putAll(overrides);
        properties.put("retouch.home", home.toString());
        Map<String, String> before = new HashMap<>();
        properties.forEach((k, v) -> before.put(k, System.setProperty(k, v)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = RetouchCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            before.forEach((k, v) -> {
                if (v == null) System.clearProperty(k);
                else System.setProperty(k, v);
            });
        }
    }
}
