package io.retouch.manifest;

import io.retouch.spec.Manifest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/** A manifest query with its {@code :name} parameters turned into {@code ?} and their values, by Spring's parser. */
record BoundQuery(String sql, Object[] args) {

    static BoundQuery of(Manifest.Query query, QueryWindow window) {
        Map<String, Object> values = new HashMap<>(query.parameters());
        values.put("since", utc(window.since()));
        values.put("now", utc(window.now()));
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(query.query());
        String[] unknown = new String[1];
        MapSqlParameterSource source = new MapSqlParameterSource(values) {
            @Override
            public boolean hasValue(String name) {
                if (!super.hasValue(name) && unknown[0] == null) unknown[0] = name;
                return super.hasValue(name);
            }
        };
        try {
            return new BoundQuery(NamedParameterUtils.substituteNamedParameters(parsed, source),
                    NamedParameterUtils.buildValueArray(parsed, source, null));
        } catch (InvalidDataAccessApiUsageException e) {
            if (unknown[0] == null) throw new ManifestProblem("manifest.query: " + e.getMessage());
            throw new ManifestProblem("manifest.query: unknown parameter :" + unknown[0] + " (known: "
                    + new TreeSet<>(values.keySet()) + "; add it under manifest.parameters)");
        }
    }

    PreparedStatementSetter setter() {
        return new ArgumentPreparedStatementSetter(args);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
