package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad header is a problem of the whole manifest, found before anything is spent. */
class ManifestColumnsTests {

    @TempDir
    Path dir;

    private Path manifest(String csv) throws IOException {
        return Files.writeString(dir.resolve("manifest.csv"), csv);
    }

    @Test
    void allKnownColumnsInAnyOrderPass() throws IOException {
        assertThat(ManifestColumns.check(manifest(
                "seed,prompt,images,item_key,aspect_ratio,resolution,output_format,num_images\n"))).isEmpty();
        assertThat(ManifestColumns.check(manifest("\uFEFFITEM_KEY, images ,Prompt\r\nrow\n"))).isEmpty();
    }

    @Test
    void theRepositorysDemoManifestPasses() {
        assertThat(ManifestColumns.check(Path.of("jobs/demo/manifest.csv"))).isEmpty();
    }

    @Test
    void eachMissingRequiredColumnIsNamed() throws IOException {
        Path file = manifest("item_key,aspect_ratio\n");

        assertThat(ManifestColumns.check(file)).containsExactly(
                file + ": line 1: missing column 'images'",
                file + ": line 1: missing column 'prompt'");
    }

    @Test
    void anUnknownColumnIsNamedWithTheKnownOnes() throws IOException {
        Path file = manifest("item_key,images,prompt,ratio\n");

        assertThat(ManifestColumns.check(file)).singleElement().asString()
                .startsWith(file + ": line 1: unknown column 'ratio'")
                .contains("aspect_ratio", "num_images");
    }

    @Test
    void aColumnNamedTwiceIsRefused() throws IOException {
        Path file = manifest("item_key,images,prompt,Prompt\n");

        assertThat(ManifestColumns.check(file)).containsExactly(file + ": line 1: a column is named twice");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path empty = manifest("");
        assertThat(ManifestColumns.check(empty)).singleElement().asString().startsWith(empty + ": is empty");

        Path blank = manifest("   \nitem_key,images,prompt\n");
        assertThat(ManifestColumns.check(blank)).singleElement().asString().contains("the first line must name the columns");
    }

    // Bug: the header check read the file strictly, so bytes that are not UTF-8 in any row of its first 8 KB
    // stopped the whole run with "cannot read manifest" instead of rejecting that row.
    @Test
    void bytesThatAreNotUtf8AfterTheHeaderAreLeftToTheirRow() throws IOException {
        Path file = Files.write(dir.resolve("manifest.csv"), bytes("item_key,images,prompt\na,x.png,Caf", 0xE9, "\n"));

        assertThat(ManifestColumns.check(file)).isEmpty();
    }

    @Test
    void aHeaderWithBytesThatAreNotUtf8IsAProblemOfTheManifest() throws IOException {
        Path file = Files.write(dir.resolve("manifest.csv"), bytes("item_key,ima", 0xFF, "ges,prompt\n"));

        assertThat(ManifestColumns.check(file)).startsWith(
                file + ": line 1, column 13: bytes that are not UTF-8; save the manifest as UTF-8");
    }

    @Test
    void theColumnOfBadBytesInTheHeaderDoesNotCountAByteOrderMark() throws IOException {
        Path file = Files.write(dir.resolve("manifest.csv"), bytes("\uFEFFitem_key,ima", 0xFF, "ges,prompt\n"));

        assertThat(ManifestColumns.check(file)).containsExactly(
                file + ": line 1, column 13: bytes that are not UTF-8; save the manifest as UTF-8");
    }

    private static byte[] bytes(String before, int bad, String after) {
        byte[] a = before.getBytes(java.nio.charset.StandardCharsets.UTF_8), b = after.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(a, a.length + 1 + b.length);
        all[a.length] = (byte) bad;
        System.arraycopy(b, 0, all, a.length + 1, b.length);
        return all;
    }

    @Test
    void aMissingFileIsAProblemThatNamesIt() {
        assertThat(ManifestColumns.check(dir.resolve("absent.csv")))
                .containsExactly(dir.resolve("absent.csv") + ": not found");
    }
}
