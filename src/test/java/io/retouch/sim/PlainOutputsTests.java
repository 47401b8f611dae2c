package io.retouch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dretouch.sim.render=plain}: outputs of the ordered geometry and format, drawn once and shared. */
class PlainOutputsTests {

    @TempDir
    Path stateDir;

    private SimRequestStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = new SimRequestStore(stateDir);
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    private static SimRequest request(String id, String prompt, int numImages, String ratio, String format) {
        EditParams params = new EditParams(prompt, List.of("http://example.com/in.png"), numImages, ratio, "1K",
                format, null);
        return new SimRequest(id, "fal", 0, "sha", params, 1, 0, 0, 0, Outcome.SUCCEEDED, null, null, null);
    }

    @Test
    void requestsOfTheSameGeometryAndFormatShareOneFileWhateverTheirPrompts() throws Exception {
        OutputRenderer renderer = new OutputRenderer(store, true);

        OutputRenderer.OutputFile first = renderer.outputs(request("a", "one prompt", 1, "16:9", "png")).getFirst();
        OutputRenderer.OutputFile second = renderer.outputs(request("b", "another prompt", 1, "16:9", "png")).getFirst();

        assertThat(second.path()).isEqualTo(first.path());
        assertThat(first.width()).isEqualTo(1024);
        assertThat(first.height()).isEqualTo(576);
        assertThat(first.size()).isEqualTo(Files.size(first.path()));
        BufferedImage image = ImageIO.read(first.path().toFile());
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(576);
        assertThat(Files.exists(stateDir.resolve("outputs").resolve("a"))).as("nothing kept per request").isFalse();
    }

    @Test
    void theOutputsOfOneRequestDifferAndEachHasItsFormat() throws Exception {
        OutputRenderer renderer = new OutputRenderer(store, true);

        List<OutputRenderer.OutputFile> outputs = renderer.outputs(request("a", "two", 2, "1:1", "jpeg"));
        OutputRenderer.OutputFile png = renderer.outputs(request("b", "two", 1, "1:1", "png")).getFirst();

        assertThat(Files.readAllBytes(outputs.get(0).path())).isNotEqualTo(Files.readAllBytes(outputs.get(1).path()));
        assertThat(outputs.get(0).contentType()).isEqualTo("image/jpeg");
        assertThat(png.path()).isNotEqualTo(outputs.get(0).path());
        assertThat(ImageIO.read(png.path().toFile()).getWidth()).isEqualTo(1024);
    }

    @Test
    void aPlainOutputLostFromTheStateDirIsDrawnAgain() throws Exception {
        OutputRenderer renderer = new OutputRenderer(store, true);
        Path file = renderer.outputs(request("a", "p", 1, "4:3", "webp")).getFirst().path();
        Files.delete(file);

        OutputRenderer.OutputFile again = renderer.outputs(request("b", "p", 1, "4:3", "webp")).getFirst();

        assertThat(again.path()).isEqualTo(file).exists();
        assertThat(ImageIO.read(file.toFile()).getHeight()).isEqualTo(768);
    }

    @Test
    void onlyAutoReadsTheInput() throws IOException {
        Path missing = stateDir.resolve("no-such-input");

        assertThat(OutputRenderer.geometry(request("a", "p", 1, "3:2", "png").params(), missing).width).isEqualTo(1024);
    }
}
