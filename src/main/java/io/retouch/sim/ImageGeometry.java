package io.retouch.sim;

import java.awt.Dimension;
import java.util.List;

/**
 * Output size of a Nano Banana Pro edit: the resolution tier fixes the long side, the aspect ratio
 * the short one. {@code auto} keeps the first input image's own ratio, as the real model does.
 */
public final class ImageGeometry {

    public static final List<String> ASPECT_RATIOS =
            List.of("auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16");
    /** The ratios without {@code auto}: what vendors that always want a ratio accept. */
    public static final List<String> FIXED_ASPECT_RATIOS = ASPECT_RATIOS.subList(1, ASPECT_RATIOS.size());
    /** 1K, 2K, 4K: a long side of 1, 2 or 4 times 1024 pixels. */
    public static final List<String> RESOLUTIONS = List.of("1K", "2K", "4K");

    private ImageGeometry() {
    }

    public static Dimension size(String aspectRatio, String resolution, int inputWidth, int inputHeight) {
        if (!RESOLUTIONS.contains(resolution))
            throw new IllegalArgumentException("Unsupported resolution '" + resolution + "'");
        if (!ASPECT_RATIOS.contains(aspectRatio))
            throw new IllegalArgumentException("Unsupported aspect ratio '" + aspectRatio + "'");
        int longSide = 1024 * (resolution.charAt(0) - '0');
        String[] parts = aspectRatio.split(":");
        int ratioWidth = aspectRatio.equals("auto") ? inputWidth : Integer.parseInt(parts[0]);
        int ratioHeight = aspectRatio.equals("auto") ? inputHeight : Integer.parseInt(parts[1]);
        if (ratioWidth <= 0 || ratioHeight <= 0)
            throw new IllegalArgumentException("Ratio sides must be positive: " + ratioWidth + ":" + ratioHeight);
        if (ratioWidth >= ratioHeight)
            return new Dimension(longSide, (int) Math.round((double) longSide * ratioHeight / ratioWidth));
        return new Dimension((int) Math.round((double) longSide * ratioWidth / ratioHeight), longSide);
    }
}
