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
    public static final List<String> FIXED_ASPECT_RATIOS = ASPECT_RATIOS.stream().filter(r -> !r.equals("auto")).toList();
    public static final List<String> RESOLUTIONS = List.of("1K", "2K", "4K");

    private ImageGeometry() {
    }

    public static Dimension size(String aspectRatio, String resolution, int inputWidth, int inputHeight) {
        int longSide = longSide(resolution);
        if ("auto".equals(aspectRatio)) {
            return fit(longSide, inputWidth, inputHeight);
        }
        String[] parts = aspectRatio.split(":");
        if (!ASPECT_RATIOS.contains(aspectRatio) || parts.length != 2) {
            throw new IllegalArgumentException("Unsupported aspect ratio '" + aspectRatio + "'");
        }
        return fit(longSide, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    private static int longSide(String resolution) {
        return switch (resolution) {
            case "1K" -> 1024;
            case "2K" -> 2048;
            case "4K" -> 4096;
            default -> throw new IllegalArgumentException("Unsupported resolution '" + resolution + "'");
        };
    }

    private static Dimension fit(int longSide, int ratioWidth, int ratioHeight) {
        if (ratioWidth <= 0 || ratioHeight <= 0) {
            throw new IllegalArgumentException("Ratio sides must be positive: " + ratioWidth + ":" + ratioHeight);
        }
        if (ratioWidth >= ratioHeight) {
            return new Dimension(longSide, (int) Math.round((double) longSide * ratioHeight / ratioWidth));
        }
        return new Dimension((int) Math.round((double) longSide * ratioWidth / ratioHeight), longSide);
    }
}
