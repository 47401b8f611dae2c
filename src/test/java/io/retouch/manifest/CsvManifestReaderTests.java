package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;

/** The manifest streams record by record; a bad record comes out with its problem, never as an exception. */
class CsvManifestReaderTests {

    private static final String HEADER = "item_key,images,prompt\n";

    @TempDir
    Path dir;

    private Path manifest(String csv) throws IOException {
        return Files.writeString(dir.resolve("manifest.csv"), csv, StandardCharsets.UTF_8);
    }

    private static List<ManifestRow> readAll(Path manifest) throws Exception {
        return readFrom(manifest, new ExecutionContext(), Integer.MAX_VALUE);
    }

    private static List<ManifestRow> readFrom(Path manifest, ExecutionContext ctx, int max) throws Exception {
        FlatFileItemReader<ManifestRow> reader = CsvManifestReader.open(manifest);
        reader.open(ctx);
        try {
            List<ManifestRow> rows = new ArrayList<>();
            ManifestRow row;
            while (rows.size() < max && (row = reader.read()) != null) rows.add(row);
            reader.update(ctx);
            return rows;
        } finally {
            reader.close();
        }
    }

    @Test
    void mapsFieldsByTheHeaderAndNumbersPhysicalLines() throws Exception {
        List<ManifestRow> rows = readAll(manifest(HEADER + "mug,images/mug.png,Put it on a table\nsneaker,https://x/s.png,Studio shot\n"));

        assertThat(rows).containsExactly(
                new ManifestRow(2, Map.of("item_key", "mug", "images", "images/mug.png", "prompt", "Put it on a table"), null),
                new ManifestRow(3, Map.of("item_key", "sneaker", "images", "https://x/s.png", "prompt", "Studio shot"), null));
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
        List<ManifestRow> rows = readAll(manifest(HEADER
                + "a,x.png,\"Warm light, fallen leaves\"\n"
                + "b,x.png,\"Say \"\"cheese\"\", then smile\"\n"
                + "c,x.png,\"first line\nsecond line\"\n"
                + "d,x.png,after\n"));

        assertThat(rows).extracting(r -> r.field("prompt"))
                .containsExactly("Warm light, fallen leaves", "Say \"cheese\", then smile", "first line\nsecond line", "after");
        assertThat(rows).allMatch(r -> r.problem() == null);
        assertThat(rows.get(3).lineNo()).as("the line break inside quotes is a physical line").isEqualTo(6);
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsComesOutWithItsProblem() throws Exception {
        List<ManifestRow> rows = readAll(manifest(HEADER + "a,x.png,ok\nb,x.png,too,many\nc,x.png\nd,x.png,ok\n"));

        assertThat(rows).extracting(ManifestRow::lineNo).containsExactly(2L, 3L, 4L, 5L);
        assertThat(rows.get(1).problem()).isEqualTo("has 4 fields but the header names 3 columns");
        assertThat(rows.get(2).problem()).isEqualTo("has 2 fields but the header names 3 columns");
        assertThat(rows.get(1).fields()).containsOnlyKeys("item_key"); // kept so the rejection names the item
        assertThat(rows.get(1).isBlank()).isFalse();
        assertThat(rows.get(3).problem()).isNull();
    }

    @Test
    void blankLinesComeOutBlankAndKeepTheNumberingPhysical() throws Exception {
        List<ManifestRow> rows = readAll(manifest(HEADER + "a,x.png,p\n\n   \nb,x.png,q\n"));

        assertThat(rows).extracting(ManifestRow::isBlank).containsExactly(false, true, true, false);
        assertThat(rows).extracting(ManifestRow::lineNo).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void windowsLineEndingsAndAMissingFinalNewlineAreFine() throws Exception {
        List<ManifestRow> rows = readAll(manifest("item_key,images,prompt\r\na,x.png,p\r\nb,x.png,q"));

        assertThat(rows).extracting(r -> r.field("item_key") + "=" + r.field("prompt")).containsExactly("a=p", "b=q");
    }

    @Test
    void aByteOrderMarkAndCaseInTheHeaderDoNotChangeColumnNames() throws Exception {
        List<ManifestRow> rows = readAll(manifest("\uFEFFItem_Key, Images ,PROMPT\nmug,x.png,Café crème\n"));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.fields()).containsOnlyKeys("item_key", "images", "prompt");
            assertThat(r.field("item_key")).isEqualTo("mug");
            assertThat(r.field("prompt")).as("read as UTF-8").isEqualTo("Café crème");
        });
    }

    @Test
    void aHeaderWithoutRowsGivesNoRows() throws Exception {
        assertThat(readAll(manifest(HEADER))).isEmpty();
    }

    @Test
    void fieldTrimsAndTreatsBlankAsAbsent() {
        ManifestRow row = new ManifestRow(2, Map.of("prompt", "  padded  ", "seed", "   "), null);

        assertThat(row.field("prompt")).isEqualTo("padded");
        assertThat(row.field("seed")).isNull();
        assertThat(row.field("resolution")).isNull();
    }

    @Test
    void aRestartContinuesAfterTheLastRowRead() throws Exception {
        Path file = manifest(HEADER + "r1,x.png,\"two\nlines\"\nr2,x.png,p\n\nr4,x.png,p\nr5,x.png,p\n");
        ExecutionContext ctx = new ExecutionContext();

        List<ManifestRow> first = readFrom(file, ctx, 3);
        List<ManifestRow> rest = readFrom(file, ctx, Integer.MAX_VALUE);

        assertThat(first).extracting(r -> r.field("item_key")).containsExactly("r1", "r2", null);
        assertThat(rest).extracting(r -> r.field("item_key")).containsExactly("r4", "r5");
        assertThat(rest).extracting(ManifestRow::lineNo).containsExactly(6L, 7L);
    }

    // Multi-line records are numbered by their last physical line, not by the line they start on.
    @Test
    void aMultiLineRowIsNumberedByTheLineItStartsOn() throws Exception {
        List<ManifestRow> rows = readAll(manifest(HEADER + "a,x.png,\"first line\nsecond line\"\n"));

        assertThat(rows).singleElement().extracting(ManifestRow::lineNo).isEqualTo(2L);
    }

    @Test
    void aTrailingBackslashDoesNotJoinTheNextRow() throws Exception {
        List<ManifestRow> rows = readAll(manifest(HEADER + "a,x.png,ends with C:\\temp\\\nb,x.png,p\n"));

        assertThat(rows).extracting(r -> r.field("item_key")).containsExactly("a", "b");
    }

    // A quote inside an unquoted field is text (RFC 4180 quotes only open at a field's start).
    @Test
    void aQuoteInsideAFieldIsTextAndDoesNotSwallowTheFollowingRows() throws Exception {
        Path file = manifest(HEADER + "a,x.png,the 5\" screen\nb,x.png,p\n");

        assertThatCode(() -> readAll(file)).doesNotThrowAnyException();
        assertThat(readAll(file)).extracting(r -> r.field("item_key")).containsExactly("a", "b");
    }

    /** A manifest file of these pieces: strings as UTF-8, byte arrays as they are. */
    private Path manifestOfBytes(Object... pieces) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object piece : pieces)
            out.writeBytes(piece instanceof byte[] b ? b : ((String) piece).getBytes(StandardCharsets.UTF_8));
        return Files.write(dir.resolve("manifest.csv"), out.toByteArray());
    }

    // Bug: a prompt with bytes that are not UTF-8 was read with U+FFFD in their place and sent to the vendor.
    @Test
    void aRowWithBytesThatAreNotUtf8ComesOutWithItsLineAndColumnAndTheOtherRowsAreIntact() throws Exception {
        byte[] latin1 = "b,x.png,Caf\u00e9 noir\n".getBytes(StandardCharsets.ISO_8859_1); // é as one byte, 0xE9
        Path file = manifestOfBytes(HEADER, "a,x.png,Caf\u00e9 cr\u00e8me\n", latin1,
                "c,x.png,\"a real \uFFFD and \uD83D\uDE42 are text\"\n", "d,x.png,after\n");

        List<ManifestRow> rows = readAll(file);

        assertThat(rows).extracting(r -> r.field("item_key")).containsExactly("a", "b", "c", "d");
        assertThat(rows.get(1).lineNo()).isEqualTo(3);
        assertThat(rows.get(1).problem()).isEqualTo("prompt has bytes that are not UTF-8 at line 3, column 12; save the manifest as UTF-8");
        assertThat(rows).extracting(ManifestRow::problem).containsExactly(null, rows.get(1).problem(), null, null);
        assertThat(rows.get(0).field("prompt")).isEqualTo("Caf\u00e9 cr\u00e8me");
        assertThat(rows.get(2).field("prompt")).isEqualTo("a real \uFFFD and \uD83D\uDE42 are text");
        assertThat(rows.get(3).field("prompt")).isEqualTo("after");
    }

    @Test
    void bytesThatAreNotUtf8InsideAMultiLineFieldAreFoundOnTheirOwnLine() throws Exception {
        Path file = manifestOfBytes(HEADER, "a,x.png,\"first line\nsecond \u2192 ", new byte[]{(byte) 0xC3, '(', '"', '\n'},
                "b,x.png,p\n");

        List<ManifestRow> rows = readAll(file);

        assertThat(rows).extracting(ManifestRow::lineNo).containsExactly(2L, 4L);
        assertThat(rows.get(0).problem()).isEqualTo("prompt has bytes that are not UTF-8 at line 3, column 10; save the manifest as UTF-8");
        assertThat(rows.get(1).problem()).isNull();
    }

    @Test
    void aBadItemKeyIsNamedAndKeptReadable() throws Exception {
        Path file = manifestOfBytes(HEADER, new byte[]{'m', 'u', (byte) 0xFF, 'g'}, ",x.png,p\nb,x.png,p\n");

        List<ManifestRow> rows = readAll(file);

        assertThat(rows.get(0).problem()).isEqualTo("item_key has bytes that are not UTF-8 at line 2, column 3; save the manifest as UTF-8");
        assertThat(rows.get(0).field("item_key")).as("no lone surrogate reaches the database").isEqualTo("mu\uFFFDg");
        assertThat(rows.get(1).problem()).isNull();
    }

    @Test
    void aRestartAfterARowWithBytesThatAreNotUtf8ContinuesWhereItStopped() throws Exception {
        Path file = manifestOfBytes(HEADER, "a,x.png,p\n", new byte[]{'b', ',', 'x', ',', (byte) 0x80, '\n'}, "c,x.png,p\nd,x.png,p\n");
        ExecutionContext ctx = new ExecutionContext();

        List<ManifestRow> first = readFrom(file, ctx, 2);
        List<ManifestRow> rest = readFrom(file, ctx, Integer.MAX_VALUE);

        assertThat(first).extracting(r -> r.field("item_key")).containsExactly("a", "b");
        assertThat(rest).extracting(r -> r.field("item_key")).containsExactly("c", "d");
    }

    @Test
    void aQuotedFieldLeftOpenAtTheEndOfTheFileIsABadRowNotAFailedManifest() throws Exception {
        Path file = manifest(HEADER + "a,x.png,p\nb,x.png,\"never closed\n");

        List<ManifestRow> rows = readAll(file);

        assertThat(rows).extracting(r -> r.field("item_key")).first().isEqualTo("a");
        assertThat(rows.get(1).problem()).contains("never closed");
        assertThat(rows.get(1).lineNo()).isEqualTo(3);
    }
}
