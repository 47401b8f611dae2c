package io.retouch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The demo's sample images are drawn by this code, not downloaded. Run with
 * {@code -Dretouch.demo.regenerate=true} to redraw jobs/demo/images; otherwise this checks they are there and readable.
 */
class DemoImagesTests {

    static final Path DIR = Path.of("jobs/demo/images");
    static final String[] NAMES = {"mug", "sneaker", "lamp", "chair", "watch", "backpack", "bottle", "headphones"};

    @Test
    void sampleImagesExistAndDecode() throws IOException {
        if (Boolean.getBoolean("retouch.demo.regenerate")) generate();
        for (int i = 0; i < NAMES.length; i++) {
            Path file = DIR.resolve(NAMES[i] + (i % 3 == 2 ? ".jpg" : ".png"));
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as(file.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(i % 2 == 0 ? 320 : 240);
        }
    }

    static void generate() throws IOException {
        Files.createDirectories(DIR);
        for (int i = 0; i < NAMES.length; i++) {
            int w = i % 2 == 0 ? 320 : 240, h = i % 2 == 0 ? 240 : 320;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Color a = Color.getHSBColor(i / (float) NAMES.length, 0.45f, 0.95f);
            Color b = Color.getHSBColor((i + 3) / (float) NAMES.length, 0.6f, 0.55f);
            g.setPaint(new GradientPaint(0, 0, a, w, h, b));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(255, 255, 255, 210));
            int s = Math.min(w, h) / 2;
            switch (i % 4) {
                case 0 -> g.fillOval(w / 2 - s / 2, h / 2 - s / 2, s, s);
                case 1 -> g.fillRoundRect(w / 2 - s / 2, h / 2 - s / 2, s, s, 24, 24);
                case 2 -> g.fillPolygon(new int[]{w / 2, w / 2 + s / 2, w / 2 - s / 2}, new int[]{h / 2 - s / 2, h / 2 + s / 2, h / 2 + s / 2}, 3);
                default -> g.fillRect(w / 2 - s / 2, h / 2 - s / 4, s, s / 2);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString(NAMES[i], 12, h - 14);
            g.dispose();
            boolean jpeg = i % 3 == 2;
            ImageIO.write(img, jpeg ? "jpeg" : "png", DIR.resolve(NAMES[i] + (jpeg ? ".jpg" : ".png")).toFile());
        }
    }
}
