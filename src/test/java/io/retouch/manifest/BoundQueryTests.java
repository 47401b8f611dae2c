package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.spec.Manifest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named parameters of a manifest query: :since and :now from the run, the rest from the spec. */
class BoundQueryTests {

    private static final QueryWindow WINDOW = new QueryWindow(Instant.EPOCH, Instant.parse("2026-11-30T12:00:00Z"));

    private static Manifest.Query query(String sql, Map<String, String> parameters) {
        return new Manifest.Query("jdbc:postgresql://db/catalog", null, null, sql, parameters, 500);
    }

    @Test
    void namedParametersBecomePlaceholdersWithTheirValuesInOrder() {
        BoundQuery bound = BoundQuery.of(query(
                "SELECT sku::text AS item_key FROM p WHERE updated_at > :since AND updated_at <= :now AND category = :category",
                Map.of("category", "shoes")), WINDOW);

        assertThat(bound.sql()).isEqualTo(
                "SELECT sku::text AS item_key FROM p WHERE updated_at > ? AND updated_at <= ? AND category = ?");
        assertThat(bound.args()).containsExactly(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 30, 12, 0, 0, 0, ZoneOffset.UTC), "shoes");
    }

    @Test
    void anUnknownParameterIsRefusedNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> BoundQuery.of(query("SELECT 1 WHERE x = :categroy", Map.of("category", "shoes")), WINDOW))
                .isInstanceOf(ManifestProblem.class)
                .hasMessage("manifest.query: unknown parameter :categroy (known: [category, now, since]; add it under manifest.parameters)");
    }

    @Test
    void valuesAreTextAsTheManifestsColumnsAre() throws Exception {
        assertThat(QueryRows.text(null)).isNull();
        assertThat(QueryRows.text(new BigDecimal("2.00"))).isEqualTo("2");
        assertThat(QueryRows.text(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(QueryRows.text(new BigDecimal("1E+1"))).isEqualTo("10");
        assertThat(QueryRows.text(42L)).isEqualTo("42");
        assertThat(QueryRows.text(new Object[] {"a.png", "s3://b/c.png"})).isEqualTo("a.png|s3://b/c.png");
    }
}
