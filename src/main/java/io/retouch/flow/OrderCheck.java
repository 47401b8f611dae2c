package io.retouch.flow;

import io.retouch.storage.ImageProbe;
import io.retouch.task.TaskRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What was ordered is what is stored (DESIGN §3.9): a task's outputs, as read from their bytes,
 * against its request — how many, which format, what size for the aspect ratio and resolution.
 * <p>
 * Vendors read a resolution tier (1K, 2K, 4K: side N = 1024, 2048, 4096) in one of two ways.
 * Google and fal keep about N² pixels whatever the ratio (1K 16:9 is 1376×768, 21:9 is 1584×672);
 * others, and the simulator, make the long side N (1K 16:9 is 1024×576). So an output fits its tier
 * when its pixel count lies between the two readings, N²/r (r = long side / short side) and N²,
 * give or take {@link #AREA_TOLERANCE} for rounding. Neighbouring tiers are 4× apart: for every
 * ratio the model has (r ≤ 21/9), their bands do not touch. A plain "within 2× of N²" would fail
 * the long-side reading at 21:9 (0.43 N²) and, widened to cover it, would take a 4K long-side 21:9
 * output for 2K.
 * <p>
 * The ratio must be within {@link #RATIO_TOLERANCE} of the order: 1408×768 is 3 % off 16:9, while
 * 4:3 and 5:4, the closest pair, are 7 % apart. With {@code auto} the output follows the input: its
 * ratio is not checked, and its own ratio gives r.
 */
final class OrderCheck {

    static final double AREA_TOLERANCE = 1.25;
    static final double RATIO_TOLERANCE = 1.05;

    private OrderCheck() {
    }

    /** What differs, told as "ordered …; got … (wrong …)", or empty when the outputs are what was ordered. */
    static Optional<String> mismatch(TaskRequest order, List<ImageProbe> outputs) {
        List<String> wrong = new ArrayList<>();
        if (outputs.size() != order.numImages()) wrong.add("count");
        if (!outputs.stream().allMatch(o -> o.contentType().equals("image/" + order.outputFormat()))) wrong.add("format");
        if (!order.aspectRatio().equals("auto") && !outputs.stream().allMatch(o -> ratioFits(order.aspectRatio(), o)))
            wrong.add("aspect ratio");
        if (!outputs.stream().allMatch(o -> sizeFits(order, o))) wrong.add("resolution");
        if (wrong.isEmpty()) return Optional.empty();
        return Optional.of("ordered " + order.numImages() + " × " + order.outputFormat() + " " + order.aspectRatio() + " "
                + order.resolution() + "; got " + got(outputs) + " (wrong " + String.join(", ", wrong) + ")");
    }

    private static boolean ratioFits(String aspectRatio, ImageProbe output) {
        double ordered = ratio(aspectRatio);
        double actual = (double) output.width() / output.height();
        return Math.abs(Math.log(actual / ordered)) <= Math.log(RATIO_TOLERANCE);
    }

    private static boolean sizeFits(TaskRequest order, ImageProbe output) {
        double side = side(order.resolution());
        double r = order.aspectRatio().equals("auto") ? (double) output.width() / output.height() : ratio(order.aspectRatio());
        double longOverShort = Math.max(r, 1 / r);
        double area = (double) output.width() * output.height();
        return area >= side * side / longOverShort / AREA_TOLERANCE && area <= side * side * AREA_TOLERANCE;
    }

    /** "1 × png 1024×1024" or, when they differ, "1 × png 1024×1024, 1 × jpeg 2752×1536". */
    private static String got(List<ImageProbe> outputs) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (ImageProbe o : outputs)
            kinds.merge(o.contentType().replaceFirst("^image/", "") + " " + o.width() + "×" + o.height(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        kinds.forEach((kind, n) -> parts.add(n + " × " + kind));
        return parts.isEmpty() ? "0 images" : String.join(", ", parts);
    }

    private static double ratio(String aspectRatio) {
        String[] sides = aspectRatio.split(":");
        return Double.parseDouble(sides[0]) / Double.parseDouble(sides[1]);
    }

    private static int side(String resolution) {
        return switch (resolution) {
            case "1K" -> 1024;
            case "2K" -> 2048;
            case "4K" -> 4096;
            default -> throw new IllegalArgumentException("unknown resolution '" + resolution + "'");
        };
    }
}
