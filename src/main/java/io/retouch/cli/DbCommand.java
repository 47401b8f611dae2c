package io.retouch.cli;

import io.retouch.infra.EmbeddedDatabase;
import io.retouch.infra.RetouchHome;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "db", description = {
        "Start the embedded PostgreSQL of RETOUCH_HOME (or use the one running) and keep it up until Ctrl-C:",
        "for psql, or so that other commands need not start it. Not for an external database (spring.datasource.url)."})
class DbCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        RetouchHome home = RetouchHome.from(env);
        PrintWriter out = command.commandLine().getOut();
        EmbeddedDatabase db = embedded(env, "`retouch db` only serves the embedded one");
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.close(); // the last user out stops the server
            } catch (Exception ignored) {
                // exiting anyway
            } finally {
                closed.countDown();
            }
        }));
        out.printf("Embedded PostgreSQL of %s: %s (user postgres, password postgres). Ctrl-C to let it go.%n",
                home.path(), db.jdbcUrl());
        out.flush();
        closed.await();
        return ExitCodes.OK;
    }

    /** Starts (or joins) the embedded PostgreSQL of RETOUCH_HOME; refused where Retouch is given another database. */
    static EmbeddedDatabase embedded(StandardEnvironment env, String refusal) {
        if (env.getProperty("spring.datasource.url") != null || env.getProperty("SPRING_DATASOURCE_URL") != null)
            throw new IllegalArgumentException("a database is configured (spring.datasource.url): " + refusal);
        // no Spring here to send the log to RETOUCH_HOME/logs: keep the library's progress off the console
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        return EmbeddedDatabase.startOrReuse(RetouchHome.from(env).resolve("postgres"));
    }
}
