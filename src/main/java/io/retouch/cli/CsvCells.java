package io.retouch.cli;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One CSV line (RFC 4180) whose cells a spreadsheet shows as text: a cell that begins like a formula
 * ({@code = + - @}, tab or carriage return) gets a leading apostrophe, so a prompt such as
 * {@code =HYPERLINK(...)} from a manifest is never run by whoever opens the file (OWASP's CSV injection advice).
 */
final class CsvCells {

    private CsvCells() {
    }

    static String line(List<?> cells) {
        return cells.stream().map(CsvCells::cell).collect(Collectors.joining(","));
    }

    static String cell(Object value) {
        if (value == null) return "";
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) text = "'" + text;
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
