package io.retouch.manifest;

import java.util.Map;

/** One CSV record: its line number, its fields by column, or why it could not be split into fields. */
public record ManifestRow(long lineNo, Map<String, String> fields, String problem) {

    /** An empty line: skipped silently. */
    public boolean isBlank() {
        return problem == null && fields.isEmpty();
    }

    public String field(String column) {
        String v = fields.get(column);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
