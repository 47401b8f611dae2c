package io.retouch.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.LineMapper;
import org.springframework.batch.infrastructure.item.file.separator.DefaultRecordSeparatorPolicy;
import org.springframework.batch.infrastructure.item.file.transform.DelimitedLineTokenizer;
import org.springframework.core.io.FileSystemResource;

/**
 * Streams a CSV manifest one record at a time (quoted fields may hold commas and line breaks).
 * It never fails on a bad record: the record comes out with its problem, to be rejected and recorded.
 * Restartable: Spring Batch keeps the count of records read in the step's execution context.
 */
public final class CsvManifestReader {

    private CsvManifestReader() {
    }

    public static FlatFileItemReader<ManifestRow> open(Path manifest) {
        Header header = new Header();
        FlatFileItemReader<ManifestRow> reader = new FlatFileItemReader<>(new FileSystemResource(manifest), header);
        reader.setName("manifest");
        reader.setLinesToSkip(1);
        reader.setSkippedLinesCallback(line -> header.columns = ManifestColumns.parse(line));
        reader.setRecordSeparatorPolicy(new DefaultRecordSeparatorPolicy());
        reader.setComments(new String[0]);
        reader.setStrict(true);
        return reader;
    }

    /** Maps records to rows using the column names of line 1. */
    private static final class Header implements LineMapper<ManifestRow> {
        private List<String> columns = List.of();
        private final DelimitedLineTokenizer tokenizer = new DelimitedLineTokenizer();

        Header() {
            tokenizer.setStrict(false);
        }

        @Override
        public ManifestRow mapLine(String line, int lineNumber) {
            if (line.isBlank()) return new ManifestRow(lineNumber, Map.of(), null);
            String[] values;
            try {
                values = tokenizer.tokenize(line).getValues();
            } catch (RuntimeException e) {
                return new ManifestRow(lineNumber, Map.of(), "cannot split the line into fields: " + e.getMessage());
            }
            if (values.length != columns.size())
                return new ManifestRow(lineNumber, Map.of(),
                        "has " + values.length + " fields but the header names " + columns.size() + " columns");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) fields.put(columns.get(i), values[i]);
            return new ManifestRow(lineNumber, fields, null);
        }
    }
}
