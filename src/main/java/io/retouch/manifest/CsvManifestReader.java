package io.retouch.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.LineMapper;
import org.springframework.batch.infrastructure.item.file.FlatFileParseException;
import org.springframework.batch.infrastructure.item.file.transform.DelimitedLineTokenizer;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Streams a CSV manifest one record at a time (quoted fields may hold commas and line breaks).
 * It never fails on a bad record: the record comes out with its problem, to be rejected and recorded.
 * Restartable: Spring Batch keeps the count of records read in the step's execution context.
 */
public final class CsvManifestReader {

    private CsvManifestReader() {
    }

    public static FlatFileItemReader<ManifestRow> open(Path manifest) {
        return open(new FileSystemResource(manifest));
    }

    /** The same for a CSV anywhere a {@link Resource} reads (an s3:// object, an http(s) URL): streamed. */
    static FlatFileItemReader<ManifestRow> open(Resource manifest) {
        Header header = new Header();
        FlatFileItemReader<ManifestRow> reader = new FlatFileItemReader<>(manifest, header) {
            @Override
            protected ManifestRow doRead() throws Exception {
                try {
                    return super.doRead();
                } catch (FlatFileParseException e) {
                    // a quoted field still open at the end of the file: that record is bad, the rest stands
                    return new ManifestRow(firstLine(e.getInput(), e.getLineNumber()), Map.of(),
                            "a quoted field is never closed before the end of the file");
                }
            }
        };
        reader.setName("manifest");
        // not the default reader: it would put U+FFFD in place of bytes that are not UTF-8, and send them on
        reader.setBufferedReaderFactory((resource, encoding) -> Utf8Text.open(resource.getInputStream()));
        reader.setLinesToSkip(1);
        reader.setSkippedLinesCallback(line -> header.columns = ManifestColumns.parse(line));
        reader.setRecordSeparatorPolicy(new CsvRecordPolicy());
        reader.setComments(new String[0]);
        reader.setStrict(true);
        return reader;
    }

    /** The line a record starts on, given the line it ends on: rows are reported where they begin. */
    static long firstLine(String record, long lastLine) {
        return record == null ? lastLine : lastLine - record.chars().filter(c -> c == '\n').count();
    }

    /**
     * Spring Batch's CSV splitting without its {@code FieldSet}: {@code tokenize} would wrap the same values
     * in a {@code DefaultFieldSet}, which builds a date and a number format for every record (a fifth of the
     * reader's time on a large manifest).
     */
    private static final class Tokenizer extends DelimitedLineTokenizer {
        String[] values(String line) {
            return doTokenize(line).toArray(String[]::new);
        }
    }

    /** Maps records to rows using the column names of line 1. */
    private static final class Header implements LineMapper<ManifestRow> {
        private List<String> columns = List.of();
        private final Tokenizer tokenizer = new Tokenizer();

        @Override
        public ManifestRow mapLine(String line, int lineNumber) {
            long first = firstLine(line, lineNumber);
            if (line.isBlank()) return new ManifestRow(first, Map.of(), null);
            String[] values;
            try {
                values = tokenizer.values(line);
            } catch (RuntimeException e) {
                return new ManifestRow(first, Map.of(), "cannot split the line into fields: " + e.getMessage());
            }
            int bad = Utf8Text.firstBad(line);
            if (bad >= 0) return notUtf8(line, bad, first, values);
            if (values.length != columns.size())
                return new ManifestRow(first, values.length > 0 ? Map.of(ManifestColumns.ITEM_KEY, values[0]) : Map.of(),
                        "has " + values.length + " fields but the header names " + columns.size() + " columns");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) fields.put(columns.get(i), values[i]);
            return new ManifestRow(first, fields, null);
        }

        /** The row is rejected where the bytes are; its item key is kept, readable, so the rejection names it. */
        private ManifestRow notUtf8(String record, int bad, long firstLine, String[] values) {
            String column = "the row";
            for (int i = 0; i < values.length && i < columns.size(); i++)
                if (Utf8Text.firstBad(values[i]) >= 0) {
                    column = columns.get(i);
                    break;
                }
            Map<String, String> itemKey = values.length > 0 ? Map.of(ManifestColumns.ITEM_KEY, Utf8Text.readable(values[0])) : Map.of();
            return new ManifestRow(firstLine, itemKey, column + " has bytes that are not UTF-8 at "
                    + Utf8Text.position(record, bad, firstLine) + "; save the manifest as UTF-8");
        }
    }
}
