package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.testing.CatalogDatabase;
import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Manifests at s3:// and http(s) addresses run like local ones; a manifest that cannot be read is
 * refused by `retouch run` before a run is recorded, naming what is wrong (GitHub issue 9, items 1 and 5).
 */
@RetouchTest
class ManifestSourcesIntegrationTests {

    private static final String CSV = """
            item_key,images,prompt
            mug,images/in-0.png,on a shelf
            lamp,images/in-1.png|images/in-2.png,"lit, at night"
            """;

    @Autowired ObjectStore store;
    @Autowired JdbcClient jdbc;

    @TempDir
    Path dir;

    private HttpServer http;

    @BeforeEach
    void serveCsvs() throws Exception {
        Manifests.write(dir, 0);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = CSV.getBytes(StandardCharsets.UTF_8);
                int status = switch (exchange.getRequestURI().getPath()) {
                    case "/rows.csv" -> 200;
                    case "/broken.csv" -> 500;
                    default -> 404;
                };
                exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
                if (status == 200) exchange.getResponseBody().write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private Path spec(String job, String manifest) throws Exception {
        return Files.writeString(dir.resolve(job + ".yaml"), """
                name: %s
                %s
                vendor:
                  name: fal
                  poll-min: 50ms
                simulator:
                  latency: "fixed:20ms"
                output:
                  bucket: retouch-sources
                """.formatted(job, manifest));
    }

    private long runs(String job) {
        return jdbc.sql("SELECT count(*) FROM run WHERE job_name = ?").param(job).query(Long.class).single();
    }

    private void ranWithTwoTasks(String job, String manifest) throws Exception {
        Cli.Result result = Cli.run("run", spec(job, manifest).toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(jdbc.sql("SELECT string_agg(item_key || ':' || jsonb_array_length(request->'inputs'), ',' ORDER BY line_no)"
                + " FROM task WHERE run_id = (SELECT max(id) FROM run WHERE job_name = ?)").param(job)
                .query(String.class).single()).as("local inputs resolve against the spec's folder").isEqualTo("mug:1,lamp:2");
    }

    @Test
    void aCsvInTheObjectStoreIsReadFromThere() throws Exception {
        store.put(new S3Location("retouch-manifests", "nightly/rows.csv"), CSV.getBytes(StandardCharsets.UTF_8), "text/csv", Map.of());

        ranWithTwoTasks("from-s3", "manifest: s3://retouch-manifests/nightly/rows.csv");
    }

    @Test
    void aCsvAtAnHttpUrlIsReadFromThere() throws Exception {
        ranWithTwoTasks("from-http", "manifest: " + url("/rows.csv"));
    }

    private void refused(String manifest, String... problems) throws Exception {
        String job = "refused-" + System.nanoTime();
        Cli.Result result = Cli.run("run", spec(job, manifest).toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains("invalid job spec").doesNotContain("\tat ").doesNotContain("Exception");
        for (String problem : problems) assertThat(result.err()).as(result.toString()).contains("  - " + problem);
        assertThat(runs(job)).as("nothing recorded").isZero();
    }

    @Test
    void addressesThatDoNotAnswerWithACsvAreRefused() throws Exception {
        store.put(new S3Location("retouch-manifests", "other.csv"), CSV.getBytes(StandardCharsets.UTF_8), "text/csv", Map.of());
        refused("manifest: s3://retouch-manifests/none.csv", "s3://retouch-manifests/none.csv: no such object in the S3 store");
        refused("manifest: " + url("/none.csv"), url("/none.csv") + ": not found (HTTP 404)");
        refused("manifest: " + url("/broken.csv"), url("/broken.csv") + ": cannot read it: answered HTTP 500");
        refused("manifest: http://127.0.0.1:1/rows.csv", "http://127.0.0.1:1/rows.csv: cannot read it: cannot connect to 127.0.0.1:1");
    }

    @Test
    void queriesThatCannotRunOrGiveTheWrongColumnsAreRefused() throws Exception {
        CatalogDatabase.execute("DROP TABLE IF EXISTS mugs", "CREATE TABLE mugs (sku TEXT, photo TEXT, prompt TEXT)");
        refused(CatalogDatabase.manifest("SELECT sku AS item_key, photo, prompt FROM mugs ORDER BY sku"),
                "manifest.query: missing column 'images'",
                "manifest.query: unknown column 'photo' (known: [aspect_ratio, images, item_key, num_images, output_format, prompt, resolution, seed, vendor])");
        refused(CatalogDatabase.manifest("SELECT sku AS item_key, photo AS images, prompt FROM cups"),
                "manifest.query: the database refused it: ERROR: relation \"cups\" does not exist");
        refused(CatalogDatabase.manifest("SELEC sku FROM mugs"),
                "manifest.query: the database refused it: ERROR: syntax error at or near \"SELEC\"");
        refused(CatalogDatabase.manifest("SELECT sku AS item_key, photo AS images, prompt FROM mugs WHERE sku = :sku"),
                "manifest.query: unknown parameter :sku (known: [now, since]; add it under manifest.parameters)");
    }

    @Test
    void databasesThatCannotBeReachedAreRefused() throws Exception {
        refused("""
                manifest:
                  jdbc-url: jdbc:mysql://db.example.com:3306/catalog
                  query: SELECT 1""",
                "manifest.jdbc-url: no JDBC driver on the classpath for jdbc:mysql://db.example.com:3306/catalog;"
                        + " PostgreSQL's ships with Retouch, others go in pom.xml as a runtime dependency (then rebuild the jar)");
        refused("""
                manifest:
                  jdbc-url: jdbc:postgresql://127.0.0.1:1/catalog?connectTimeout=2
                  query: SELECT 1""",
                "manifest.jdbc-url: cannot connect to jdbc:postgresql://127.0.0.1:1/catalog: Connection to 127.0.0.1:1 refused");
        refused(CatalogDatabase.manifest("SELECT 1").replace(CatalogDatabase.PASSWORD_VARIABLE, "CATALOG_IT_NOT_SET"),
                "manifest.password-env: the environment variable CATALOG_IT_NOT_SET is not set");
        refused("manifest: {jdbc-url: 'embedded:catalog', query: 'SELECT 1'}",
                "manifest.jdbc-url: embedded:catalog names a database of the embedded PostgreSQL, but Retouch runs on an"
                        + " external database (spring.datasource.url); give the JDBC URL of the database to read");
    }
}
