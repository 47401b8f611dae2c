package io.retouch.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Makes a small JPEG of an image (PNG, JPEG, WebP — whatever ImageIO reads here), on this machine, offline. */
final class Thumbnailer {

    static final int LONG_SIDE = 256;

    /** A written thumbnail and its size in pixels, for the img tag. */
    record Thumb(int width, int height) {}

    private Thumbnailer() {
    }

    static Thumb write(byte[] image, Path file) throws ImageSource.Unreadable {
        BufferedImage source = decode(image);
        double scale = Math.min(1.0, (double) LONG_SIDE / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        // JPEG has no alpha: transparent parts become white, as they look on the report's background
        BufferedImage thumb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        try {
            if (!ImageIO.write(thumb, "jpg", file.toFile())) throw new IllegalStateException("no JPEG writer in this JVM");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        return new Thumb(width, height);
    }

    /**
     * Decodes at most about twice the thumbnail's size: reading every pixel of a 4K output only to
     * throw most away costs memory and seconds per image.
     */
    private static BufferedImage decode(byte[] image) throws ImageSource.Unreadable {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new ImageSource.Unreadable("not an image (" + image.length + " bytes)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int longSide = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, longSide / (2 * LONG_SIDE));
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageSource.Unreadable("cannot decode the image: " + e.getMessage());
        }
    }
}
