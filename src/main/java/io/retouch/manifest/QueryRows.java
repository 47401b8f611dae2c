package io.retouch.manifest;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.jdbc.core.RowMapper;

/**
 * One result row of a manifest query as a manifest row: fields by lower-cased column label, the
 * same columns as a CSV's, and the row's number in the result (from 1) as its line. Numbers are
 * written plainly ({@code 2}, not {@code 2.00}), an SQL array becomes entries joined by {@code |}
 * (the {@code images} form), and NULL is "not given".
 */
final class QueryRows implements RowMapper<ManifestRow> {

    private List<String> labels;

    @Override
    public ManifestRow mapRow(ResultSet rs, int rowNum) throws SQLException {
        if (labels == null) labels = labels(rs.getMetaData());
        // NULL values are kept as keys: a row of NULLs is rejected (item_key is empty), not taken for a blank line
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) fields.put(labels.get(i), text(rs.getObject(i + 1)));
        return new ManifestRow(rowNum, fields, null);
    }

    static List<String> labels(ResultSetMetaData md) throws SQLException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) labels.add(md.getColumnLabel(i).trim().toLowerCase(Locale.ROOT));
        return labels;
    }

    static String text(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case BigDecimal d -> d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            case Array a -> joined(a);
            case Object[] entries -> joined(entries);
            default -> value.toString();
        };
    }

    private static String joined(Array array) throws SQLException {
        try {
            return joined((Object[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static String joined(Object[] entries) throws SQLException {
        StringJoiner images = new StringJoiner("|");
        for (Object entry : entries) images.add(entry == null ? "" : text(entry));
        return images.toString();
    }
}
