package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.RetouchProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bug: with the database unreachable, every command printed Spring's start-up failure with a
 * hundred-line stack trace and "internal error: BeanCreationException …". The operator gets one
 * line that says what the database answered; the trace stays in the log.
 */
class DatabaseTroubleFunctionalTests {

    @Test
    void anUnreachableDatabaseIsOneLineThatSaysSo(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("RETOUCH_HOME", dir.resolve("home").toString(),
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/retouch",
                "SPRING_DATASOURCE_USERNAME", "retouch", "SPRING_DATASOURCE_PASSWORD", "not-printed");
        for (String[] command : new String[][] {{"runs"}, {"run", "jobs/demo.yaml"}}) {
            RetouchProcess p = RetouchProcess.start(dir.resolve("logs"), env, command);
            int code = p.waitFor(120);
            String all = p.output() + p.errors();
            assertThat(code).as(all).isEqualTo(ExitCodes.INTERNAL);
            assertThat(p.errors().strip()).as(all).startsWith("retouch: cannot use the database: Connection to 127.0.0.1:1 refused")
                    .doesNotContain("\n");
            assertThat(all).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("not-printed");
        }
    }
}
