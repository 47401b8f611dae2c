package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.CatalogDatabase;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchProcess;
import io.retouch.testing.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `retouch run` as a process, on a manifest query the database fails while its rows are read. */
class QueryManifestFunctionalTests {

    // Bug: the step's failure reached the console as 100 lines of stack trace, and a warning about the reader's type came first
    @Test
    void aQueryThatFailsWhileRowsAreReadStopsTheRunWithOneLineNotAStackTrace(@TempDir Path dir) throws Exception {
        Manifests.write(dir, 0);
        Path spec = Files.writeString(dir.resolve("fails.yaml"), """
                name: query-fails
                %s
                vendor:
                  name: fal
                simulator:
                  latency: "fixed:10ms"
                output:
                  bucket: retouch-query-fails
                """.formatted(CatalogDatabase.manifest("""
                SELECT 'item-' || n AS item_key, 'images/in-0.png' AS images, 'edit ' || 1 / (n - 3) AS prompt
                FROM generate_series(1, 5) AS n""")));
        Map<String, String> env = new HashMap<>(TestInfrastructure.get().environment());
        env.put("RETOUCH_HOME", dir.resolve("home").toString());
        env.put(CatalogDatabase.USER_VARIABLE, System.getProperty(CatalogDatabase.USER_VARIABLE));
        env.put(CatalogDatabase.PASSWORD_VARIABLE, System.getProperty(CatalogDatabase.PASSWORD_VARIABLE));

        RetouchProcess run = RetouchProcess.start(dir.resolve("logs"), env, "run", spec.toString());

        assertThat(run.waitFor(120)).as(run.output() + run.errors()).isEqualTo(3);
        assertThat(run.output() + run.errors()).doesNotContain("\tat ").doesNotContain("WARN");
        assertThat(run.output()).contains("The run stopped (FAILED); see RETOUCH_HOME/logs/retouch.log");
        assertThat(Files.readString(dir.resolve("home/logs/retouch.log"))).contains("ERROR: division by zero");
    }
}
