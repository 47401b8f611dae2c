package io.retouch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** CSV cells a spreadsheet shows as text, never runs (OWASP's CSV injection advice), quoted as RFC 4180 says. */
class CsvCellsTests {

    @Test
    void aCellThatBeginsLikeAFormulaGetsALeadingApostrophe() {
        assertThat(CsvCells.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(CsvCells.cell("+1 remove the background")).isEqualTo("'+1 remove the background");
        assertThat(CsvCells.cell("-sharpen")).isEqualTo("'-sharpen");
        assertThat(CsvCells.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvCells.cell("\tx")).isEqualTo("'\tx");
        assertThat(CsvCells.cell("\rx")).isEqualTo("\"'\rx\"");
    }

    @Test
    void numbersEmptyAndPlainTextStayAsTheyAre() {
        assertThat(CsvCells.cell(-3)).isEqualTo("-3");
        assertThat(CsvCells.cell(null)).isEmpty();
        assertThat(CsvCells.cell("")).isEmpty();
        assertThat(CsvCells.cell("warm light, soft shadows")).isEqualTo("\"warm light, soft shadows\"");
        assertThat(CsvCells.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvCells.line(Arrays.asList(1, "a", null, "b\"c"))).isEqualTo("1,a,,\"b\"\"c\"");
    }
}
