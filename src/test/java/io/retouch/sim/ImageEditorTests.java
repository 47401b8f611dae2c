package io.retouch.sim;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ImageEditorTests {

    @TempDir
    Path dir;

    private Path input(String name, int width, int height, Color color) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, SimClient.png(width, height, color));
        return file;
    }

    private static EditParams params(String prompt, String ratio, String resolution, String format) {
        return new EditParams(prompt, List.of("unused"), 1, ratio, resolution, format, null);
    }

    @Test
    void rendersFourKWithoutTrouble() throws IOException {
        Path source = input("big.png", 3000, 2000, Color.CYAN);
        EditParams params = params("grand vista", "21:9", "4K", "jpeg");
        Dimension size = OutputRenderer.geometry(params, source);
        Path target = dir.resolve("out.jpeg");

        OutputRenderer.render(params, List.of(source), 0, size, target);

        BufferedImage image = ImageIO.read(target.toFile());
        assertThat(size).isEqualTo(new Dimension(4096, 1755));
        assertThat(image.getWidth()).isEqualTo(4096);
        assertThat(image.getHeight()).isEqualTo(1755);
    }

    @Test
    void theSameRequestRendersTheSameBytes() throws IOException {
        List<Path> sources = List.of(input("a.png", 90, 60, Color.RED), input("b.png", 60, 90, Color.BLUE));
        EditParams params = params("same every time", "1:1", "1K", "png");
        Dimension size = OutputRenderer.geometry(params, sources.getFirst());

        OutputRenderer.render(params, sources, 0, size, dir.resolve("first.png"));
        OutputRenderer.render(params, sources, 0, size, dir.resolve("second.png"));
        OutputRenderer.render(params("another prompt", "1:1", "1K", "png"), sources, 0, size, dir.resolve("other.png"));

        assertThat(Files.readAllBytes(dir.resolve("first.png"))).isEqualTo(Files.readAllBytes(dir.resolve("second.png")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("other.png")));
    }

    @Test
    void theEditIsVisibleAndTheBandSitsAtTheBottom() throws IOException {
        Path source = input("plain.png", 200, 200, Color.WHITE);
        EditParams params = params("tint me", "1:1", "1K", "png");

        OutputRenderer.render(params, List.of(source), 0, new Dimension(1024, 1024), dir.resolve("out.png"));

        BufferedImage image = ImageIO.read(dir.resolve("out.png").toFile());
        Color corner = new Color(image.getRGB(2, 2));
        Color band = new Color(image.getRGB(2, 1020));
        assertThat(corner).isNotEqualTo(Color.WHITE);
        assertThat(band.getRed() + band.getGreen() + band.getBlue()).isLessThan(corner.getRed() + corner.getGreen()
                + corner.getBlue());
    }
}
