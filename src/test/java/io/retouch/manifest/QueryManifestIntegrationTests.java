package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.job.RetouchJobConfiguration;
import io.retouch.job.RunLauncher;
import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.spec.JobSpecLoader;
import io.retouch.spec.SpecException;
import io.retouch.testing.CatalogDatabase;
import io.retouch.testing.Manifests;
import io.retouch.testing.RetouchTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A manifest that is a database query, on a real PostgreSQL (GitHub issue 9, item 1). */
@RetouchTest
class QueryManifestIntegrationTests {

    @Autowired RunLauncher launcher;
    @Autowired RunReports reports;
    @Autowired JdbcClient jdbc;

    @TempDir
    Path dir;

    private long create(String job, String query, String vendorExtra, String simulator) throws Exception {
        return createWith(job, CatalogDatabase.manifest(query), vendorExtra, simulator);
    }

    private long createWith(String job, String manifest, String vendorExtra, String simulator) throws Exception {
        Manifests.write(dir, 0); // images/in-0.png .. in-3.png, beside the spec
        Files.writeString(dir.resolve(job + ".yaml"), """
                name: %s
                %s
                vendor:
                  name: fal
                  poll-min: 50ms
                  max-in-flight: 8
                %s
                simulator:
                  %s
                output:
                  bucket: retouch-query
                """.formatted(job, manifest, vendorExtra, simulator));
        return launcher.create(new JobSpecLoader().load(dir.resolve(job + ".yaml")));
    }

    private List<String> items(long run) {
        return jdbc.sql("SELECT item_key FROM task WHERE run_id = ? ORDER BY line_no").param(run).query(String.class).list();
    }

    @Test
    void rowsOfTheResultBecomeTasksAndABadRowIsRejectedByKeyAndReason() throws Exception {
        CatalogDatabase.execute("DROP TABLE IF EXISTS shoes",
                "CREATE TABLE shoes (sku TEXT, photos TEXT[], prompt TEXT, ratio TEXT, n NUMERIC(4,2))",
                "INSERT INTO shoes VALUES"
                        + " ('boot', ARRAY['images/in-0.png','images/in-1.png'], 'two into one', NULL, 1.00),"
                        + " ('clog', ARRAY['images/in-2.png'], 'on sand', '7:3', NULL),"
                        + " ('sandal', ARRAY['images/in-3.png'], 'on grass', '4:3', 2)");

        long run = createWith("query-shoes", CatalogDatabase.manifest("""
                SELECT sku AS item_key, photos AS images, prompt, ratio AS Aspect_Ratio, n AS num_images
                FROM shoes WHERE sku <> :skip ORDER BY sku""", "parameters: {skip: slipper}"), "", "latency: \"fixed:20ms\"");
        assertThat(launcher.start(run)).isEqualTo(BatchStatus.COMPLETED);

        RunReport report = reports.of(run);
        assertThat(report.rejected()).containsExactly(new RunReport.Rejection(2, "clog",
                "aspect_ratio '7:3' is not one of [auto, 21:9, 16:9, 3:2, 4:3, 5:4, 1:1, 4:5, 3:4, 2:3, 9:16]"));
        assertThat(jdbc.sql("SELECT item_key || ':' || line_no || ':' || jsonb_array_length(request->'inputs') || ':'"
                        + " || (request->>'numImages') FROM task WHERE run_id = ? ORDER BY line_no")
                .param(run).query(String.class).list())
                .as("row numbers of the result, arrays as several inputs, 1.00 as 1")
                .containsExactly("boot:1:2:1", "sandal:3:1:2");
        assertThat(report.count("SUCCEEDED")).isEqualTo(2);
    }

    @Test
    void sinceSelectsOnlyRowsChangedSinceTheJobsLastCompletedRun() throws Exception {
        CatalogDatabase.execute("DROP TABLE IF EXISTS lamps",
                "CREATE TABLE lamps (sku TEXT PRIMARY KEY, prompt TEXT, updated_at TIMESTAMPTZ)",
                "INSERT INTO lamps VALUES ('desk', 'brass', now() - interval '1 day'), ('floor', 'tall', now() - interval '1 day')");
        String query = """
                SELECT sku AS item_key, 'images/in-0.png' AS images, prompt FROM lamps
                WHERE updated_at > :since AND updated_at <= :now ORDER BY sku""";

        long first = create("query-lamps", query, "", "latency: \"fixed:20ms\"");
        assertThat(launcher.start(first)).isEqualTo(BatchStatus.COMPLETED);
        assertThat(items(first)).containsExactly("desk", "floor");

        CatalogDatabase.execute("UPDATE lamps SET prompt = 'copper', updated_at = now() WHERE sku = 'floor'",
                "INSERT INTO lamps VALUES ('wall', 'white', now()), ('future', 'not yet', now() + interval '1 day')");
        long second = create("query-lamps", query, "", "latency: \"fixed:20ms\"");
        assertThat(launcher.start(second)).isEqualTo(BatchStatus.COMPLETED);

        assertThat(items(second)).as("changed since run %d was created, and not after run %d was", first, second)
                .containsExactly("floor", "wall");
    }

    // A crash mid-ingest: one chunk of rows is committed, then the database fails the cursor 200 rows into the next.
    @Test
    void aRestartAfterIngestFailedMidwayNeitherLosesNorDuplicatesRows() throws Exception {
        int chunk = RetouchJobConfiguration.INGEST_CHUNK;
        int failing = chunk + 200;
        int rows = 2 * chunk + 200;
        CatalogDatabase.execute("DROP TABLE IF EXISTS ingest_switch", "CREATE TABLE ingest_switch (ok BOOLEAN)",
                "INSERT INTO ingest_switch VALUES (false)");
        // generate_series yields its rows in order without a sort, so the failing row is only reached by a later
        // fetch (of 500 rows); 1/(n-failing) divides by zero there until the switch is on
        long run = create("query-restart", """
                SELECT 'item-' || n AS item_key, 'https://example.com/in.png' AS images, 'edit ' || n AS prompt
                FROM generate_series(1, %d) AS n
                WHERE n <> %d OR (SELECT ok FROM ingest_switch) OR 1 / (n - %d) = 0""".formatted(rows, failing, failing),
                // the vendor is out of credit at once: dispatch stops at the first submit, this test is about ingest
                "", "latency: \"fixed:1ms\"\n  faults: \"out-of-credit=1\"");

        assertThat(launcher.start(run)).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE run_id = ?").param(run).query(Long.class).single())
                .as("the first chunk was committed").isEqualTo(chunk);

        String password = System.clearProperty(CatalogDatabase.PASSWORD_VARIABLE);
        try {
            assertThatThrownBy(() -> launcher.restart(run, null)).as("the ingest must read the query again")
                    .isInstanceOf(SpecException.class).hasMessageContaining(
                            "manifest.password-env: the environment variable " + CatalogDatabase.PASSWORD_VARIABLE + " is not set");
        } finally {
            System.setProperty(CatalogDatabase.PASSWORD_VARIABLE, password);
        }
        CatalogDatabase.execute("UPDATE ingest_switch SET ok = true");
        launcher.restart(run, null);

        assertThat(jdbc.sql("SELECT count(DISTINCT line_no) || '/' || count(*) || '/' || min(line_no) || '/' || max(line_no)"
                + " FROM task WHERE run_id = ?").param(run).query(String.class).single())
                .isEqualTo(rows + "/" + rows + "/1/" + rows);
        assertThat(reports.of(run).rejected()).as("no row read twice (a second read would be a duplicate key)").isEmpty();
    }
}
