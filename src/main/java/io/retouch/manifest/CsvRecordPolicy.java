package io.retouch.manifest;

import org.springframework.batch.infrastructure.item.file.separator.RecordSeparatorPolicy;

/**
 * CSV records as RFC 4180 has them: a record goes on past a line break only inside a quoted
 * field, and a quote opens such a field only at the field's start ({@code 5" screen} is just text).
 * Backslashes mean nothing. A record is cut after {@link #MAX_LINES} lines so that one stray
 * quote cannot swallow the rest of a large manifest.
 */
final class CsvRecordPolicy implements RecordSeparatorPolicy {

    static final int MAX_LINES = 100;

    @Override
    public boolean isEndOfRecord(String record) {
        return !insideQuotedField(record) || record.chars().filter(c -> c == '\n').count() >= MAX_LINES - 1;
    }

    @Override
    public String postProcess(String record) {
        return record;
    }

    /** Keeps the line break that the reader dropped, since it is part of the quoted field. */
    @Override
    public String preProcess(String record) {
        return record + "\n";
    }

    static boolean insideQuotedField(String record) {
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') i++; // "" is an escaped quote
                    else quoted = false;
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
            }
            fieldStart = !quoted && c == ',';
        }
        return quoted;
    }
}
