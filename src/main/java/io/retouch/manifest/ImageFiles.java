package io.retouch.manifest;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/** Cheap check that a file is an image some ImageIO reader understands, without decoding it. */
final class ImageFiles {

    private ImageFiles() {
    }

    static boolean isImage(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return in != null && ImageIO.getImageReaders(in).hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
