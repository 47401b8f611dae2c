package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.infra.EmbeddedDatabase;
import io.retouch.infra.EmbeddedObjectStore;
import io.retouch.sim.ImageGeometry;
import io.retouch.storage.ImageProbe;
import io.retouch.testing.RetouchProcess;
import java.awt.Dimension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's demo exactly as a newcomer runs it: the packaged jar, jobs/demo.yaml, nothing configured,
 * so embedded PostgreSQL and S3 under a fresh RETOUCH_HOME, and the simulator in-process.
 */
class DemoFunctionalTests {

    @Test
    void theDemoSucceedsForEveryGoodRowAndRejectsTheTwoBadOnes(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("RETOUCH_HOME", home.toString());
        RetouchProcess run = RetouchProcess.start(home.resolve("out"), env, "run", "jobs/demo.yaml");
        assertThat(run.waitFor(300)).as(run.output() + run.errors()).isZero();
        assertThat(run.output()).contains("SUCCEEDED 22").contains("rejected manifest rows: 2");

        RetouchProcess status = RetouchProcess.start(home.resolve("out"), env, "status", "1", "--json");
        assertThat(status.waitFor(120)).as(status.errors()).isZero();
        JsonNode report = new JsonMapper().readTree(status.output());
        assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.get("total").asLong()).isEqualTo(22);
        assertThat(report.get("tasks").get("SUCCEEDED").asLong()).isEqualTo(22);
        assertThat(report.get("outputs").asLong()).isEqualTo(23); // sneaker-pair asks for two images
        assertThat(report.get("paid_submissions").asLong()).isEqualTo(22);
        assertThat(report.get("rejected_count").asLong()).isEqualTo(2);
        assertThat(report.get("rejected").get(0).get("line").asLong()).isEqualTo(22);
        assertThat(report.get("rejected").get(0).get("reason").asString()).contains("aspect_ratio '7:3'");
        assertThat(report.get("rejected").get(1).get("line").asLong()).isEqualTo(24);
        assertThat(report.get("rejected").get(1).get("reason").asString()).contains("not found");

        try (EmbeddedDatabase db = EmbeddedDatabase.startOrReuse(home.resolve("postgres"));
             Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres");
             EmbeddedObjectStore s3 = EmbeddedObjectStore.start(home.resolve("s3"));
             S3Client client = client(s3.endpoint())) {
            s3.awaitStarted();
            assertEveryOutputIsTheRequestedImage(c, client);
            assertAuditRows(c);
        }
    }

    /** Each stored object decodes as an image of the requested format and the simulator's geometry for it. */
    private static void assertEveryOutputIsTheRequestedImage(Connection c, S3Client s3) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT o.bucket, o.object_key, o.content_type, t.request->>'aspectRatio', t.request->>'resolution',
                       t.request->>'outputFormat', t.item_key
                FROM output o JOIN task t ON t.id = o.task_id WHERE o.run_id = 1""")) {
            int n = 0;
            while (rs.next()) {
                n++;
                byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(get(rs, 1)).key(get(rs, 2))).asByteArray();
                ImageProbe probe = ImageProbe.of(bytes);
                assertThat(probe).as(get(rs, 2)).isNotNull();
                assertThat(probe.contentType()).isEqualTo("image/" + get(rs, 6)).isEqualTo(get(rs, 3));
                Dimension input = inputSize(get(rs, 7));
                Dimension expected = ImageGeometry.size(get(rs, 4), get(rs, 5), input.width, input.height);
                assertThat(new Dimension(probe.width(), probe.height())).as(get(rs, 2)).isEqualTo(expected);
            }
            assertThat(n).isEqualTo(23);
        }
    }

    private static void assertAuditRows(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT count(*) FILTER (WHERE operation = 'submit'), count(*) FILTER (WHERE operation = 'store'),
                       count(*) FILTER (WHERE url LIKE '%sim-key%' OR message LIKE '%sim-key%')
                FROM audit_record WHERE run_id = 1""")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(22);
            assertThat(rs.getLong(2)).isEqualTo(23);
            assertThat(rs.getLong(3)).as("audit rows holding the vendor key").isZero();
        }
    }

    /** The demo's first input image of an item, from the manifest's naming (item "mug-studio" uses images/mug.*). */
    private static Dimension inputSize(String itemKey) throws IOException {
        String name = itemKey.startsWith("duo-") ? itemKey.split("-")[1] : itemKey.split("-")[0];
        for (String ext : new String[]{".png", ".jpg"}) {
            Path file = Path.of("jobs/demo/images", name + ext);
            if (file.toFile().exists()) {
                var image = ImageIO.read(file.toFile());
                return new Dimension(image.getWidth(), image.getHeight());
            }
        }
        throw new AssertionError("no demo image for " + itemKey);
    }

    private static String get(ResultSet rs, int column) {
        try {
            return rs.getString(column);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static S3Client client(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedObjectStore.ACCESS_KEY, EmbeddedObjectStore.SECRET_KEY)))
                .build();
    }
}
