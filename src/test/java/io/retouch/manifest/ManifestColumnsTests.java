package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    @Test
    void aMissingFileIsAnIoErrorNotAProblemList() {
        assertThatExceptionOfType(UncheckedIOException.class)
                .isThrownBy(() -> ManifestColumns.check(dir.resolve("absent.csv")))
                .withMessageContaining("absent.csv");
    }
}
