package io.retouch.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.RetouchProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog demo as the README tells a newcomer to run it, each command a process of its own on a
 * fresh RETOUCH_HOME: the first run edits every product; run again unchanged, it pays for nothing and
 * every output is in the store under the new run's keys; after two products change, the next run
 * pays for exactly those two.
 */
class CatalogDemoFunctionalTests {

    static final int PRODUCTS = 12;
    static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path dir;

    @Test
    void theSecondRunPaysForNothingAndAfterTwoProductsChangeTheThirdPaysForTwo() throws Exception {
        assertThat(retouch("catalog-demo", "setup")).contains("12 products");

        assertThat(retouch("run", "jobs/catalog-refresh.yaml")).contains("SUCCEEDED " + PRODUCTS);
        JsonNode first = status(1);
        assertThat(first.get("paid_submissions").asLong()).isEqualTo(PRODUCTS);

        assertThat(retouch("run", "jobs/catalog-refresh.yaml")).contains("reused: " + PRODUCTS + " tasks unchanged");
        JsonNode second = status(2);
        assertThat(second.get("paid_submissions").asLong()).as("nothing changed: nothing paid").isZero();
        assertThat(second.get("reused").get("tasks").asLong()).isEqualTo(PRODUCTS);
        assertThat(second.get("outputs").asLong()).isEqualTo(PRODUCTS);
        for (String uri : outputs(2)) {
            assertThat(uri).startsWith("s3://retouch-demo/catalog-refresh/2/");
            Path object = dir.resolve("home/s3").resolve(uri.substring("s3://".length()));
            Path earlier = dir.resolve("home/s3").resolve(uri.substring("s3://".length()).replace("/2/", "/1/"));
            assertThat(object).as("in the store under run 2's key").exists();
            assertThat(Files.mismatch(object, earlier)).as("the same image as run 1's").isEqualTo(-1);
        }

        assertThat(retouch("catalog-demo", "change", "2")).contains("Changed 2 products");
        retouch("run", "jobs/catalog-refresh.yaml");
        JsonNode third = status(3);
        assertThat(third.get("paid_submissions").asLong()).as("two products changed").isEqualTo(2);
        assertThat(third.get("reused").get("tasks").asLong()).isEqualTo(PRODUCTS - 2);
        assertThat(third.get("tasks").get("SUCCEEDED").asLong()).isEqualTo(PRODUCTS);
    }

    private String retouch(String... args) throws Exception {
        RetouchProcess p = RetouchProcess.start(dir.resolve("logs"), Map.of("RETOUCH_HOME", dir.resolve("home").toString()), args);
        int code = p.waitFor(240);
        assertThat(code).as(String.join(" ", args) + "\n" + p.output() + p.errors()).isZero();
        assertThat(p.errors()).as("nothing on stderr").isEmpty();
        return p.output();
    }

    private JsonNode status(long run) throws Exception {
        return JSON.readTree(retouch("status", Long.toString(run), "--json"));
    }

    private List<String> outputs(long run) throws Exception {
        List<String> uris = new ArrayList<>();
        for (JsonNode task : JSON.readTree(retouch("tasks", Long.toString(run), "--json")))
            for (JsonNode o : task.get("outputs")) uris.add(o.asString());
        return uris;
    }
}
