package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.infra.EmbeddedDatabase;
import io.retouch.infra.EmbeddedDefaults;
import io.retouch.spec.Manifest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code jdbc-url: embedded:NAME} reads database NAME of the embedded PostgreSQL Retouch runs on,
 * which {@link EmbeddedDatabase#createDatabase} makes (the catalog demo); the cursor reader resumes
 * after the rows its step committed.
 */
class EmbeddedCatalogIntegrationTests {

    @Test
    void embeddedNameReadsThatDatabaseOfTheEmbeddedServerAndResumesAfterCommittedRows(@TempDir Path home) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.startOrReuse(home.resolve("postgres"))) {
            db.createDatabase("catalog");
            db.createDatabase("catalog"); // when it exists: nothing to do
            try (Connection c = DriverManager.getConnection(db.jdbcUrl("catalog"), "postgres", "postgres");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE products (sku TEXT PRIMARY KEY, photos TEXT[], prompt TEXT)");
                s.execute("INSERT INTO products SELECT 'sku-' || lpad(n::text, 3, '0'), ARRAY['a.png', 'b.png'], 'edit ' || n"
                        + " FROM generate_series(1, 250) AS n");
            }
            StandardEnvironment env = new StandardEnvironment();
            env.getPropertySources().addFirst(new MapPropertySource("retouch-embedded", Map.of(
                    "spring.datasource.url", db.jdbcUrl(), EmbeddedDefaults.EMBEDDED_DATABASE, "true")));
            Manifest.Query query = new Manifest.Query("embedded:catalog", null, null,
                    "SELECT sku AS item_key, photos AS images, prompt FROM products ORDER BY sku", Map.of(), 100);
            BoundQuery bound = BoundQuery.of(query, new QueryWindow(Instant.EPOCH, Instant.now()));

            assertThat(QueryManifest.columnProblems(query, QueryDatabase.of(query, env), bound)).isEmpty();
            ExecutionContext committed = new ExecutionContext();
            List<ManifestRow> rows = read(QueryManifest.reader(QueryDatabase.of(query, env), bound, 100), committed, 120);
            List<ManifestRow> rest = read(QueryManifest.reader(QueryDatabase.of(query, env), bound, 100), committed, 1000);

            assertThat(rows.getFirst()).isEqualTo(new ManifestRow(1, Map.of("item_key", "sku-001", "images", "a.png|b.png",
                    "prompt", "edit 1"), null));
            assertThat(rest.getFirst().lineNo()).as("resumed after the 120 rows committed").isEqualTo(121);
            assertThat(rest.getFirst().field("item_key")).isEqualTo("sku-121");
            assertThat(rest).hasSize(130).last().extracting(ManifestRow::lineNo).isEqualTo(250L);
        }
    }

    /** Reads up to {@code limit} rows as a step does, keeping its state in {@code context}. */
    private static List<ManifestRow> read(JdbcCursorItemReader<ManifestRow> reader, ExecutionContext context, int limit)
            throws Exception {
        reader.open(context);
        try {
            List<ManifestRow> rows = new ArrayList<>();
            for (ManifestRow row; rows.size() < limit && (row = reader.read()) != null; ) rows.add(row);
            reader.update(context);
            return rows;
        } finally {
            reader.close();
        }
    }
}
