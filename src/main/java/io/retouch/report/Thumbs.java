package io.retouch.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The thumbnails of one report, under DIR/thumbs/. One per distinct image: many rows of a manifest
 * often share an input, and the report reads and shrinks it once.
 */
final class Thumbs {

    static final String FOLDER = "thumbs";

    /** What the report shows for an image: a thumbnail (path relative to DIR) or why there is none. */
    sealed interface Picture {
        String uri();
    }

    record Shown(String uri, String path, int width, int height) implements Picture {}

    record Missing(String uri, String reason) implements Picture {}

    private final Path dir;
    private final ImageSource source;
    private final Map<String, Picture> byUri = new HashMap<>();
    private int written;

    Thumbs(Path reportDir, ImageSource source) throws java.io.IOException {
        this.dir = Files.createDirectories(reportDir.resolve(FOLDER));
        this.source = source;
    }

    Picture of(String uri) {
        return byUri.computeIfAbsent(uri, this::make);
    }

    int written() {
        return written;
    }

    private Picture make(String uri) {
        // our own name, never one from the URI: a key can hold anything, and names must not collide
        String name = String.format("%05d.jpg", written + 1);
        try {
            Thumbnailer.Thumb thumb = Thumbnailer.write(source.read(uri), dir.resolve(name));
            written++;
            return new Shown(uri, FOLDER + "/" + name, thumb.width(), thumb.height());
        } catch (ImageSource.Unreadable e) {
            return new Missing(uri, e.getMessage());
        }
    }
}
