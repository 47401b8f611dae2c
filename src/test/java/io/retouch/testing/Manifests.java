package io.retouch.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes small job folders for tests: images, a manifest with unique prompts, and a spec. */
public final class Manifests {

    private Manifests() {
    }

    /** {@code rows} rows over a few generated images; prompt of row i is "edit number i". */
    public static Path write(Path dir, int rows) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 4; i++) {
            BufferedImage img = new BufferedImage(200 + 40 * i, 160, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.getHSBColor(i / 4f, 0.6f, 0.9f));
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.dispose();
            ImageIO.write(img, "png", dir.resolve("images/in-" + i + ".png").toFile());
        }
        List<String> lines = new ArrayList<>(List.of("item_key,images,prompt"));
        for (int i = 0; i < rows; i++) lines.add("item-" + i + ",images/in-" + (i % 4) + ".png,edit number " + i);
        Path manifest = dir.resolve("manifest.csv");
        Files.write(manifest, lines);
        return manifest;
    }

    public static Path spec(Path dir, String name, String vendorBlock, String bucket) throws IOException {
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, """
                name: %s
                manifest: manifest.csv
                defaults:
                  aspect-ratio: "4:3"
                  output-format: png
                vendor:
                %s
                output:
                  bucket: %s
                """.formatted(name, vendorBlock.indent(2).stripTrailing(), bucket));
        return spec;
    }
}
