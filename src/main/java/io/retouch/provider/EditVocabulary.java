package io.retouch.provider;

import java.util.List;

/** The edit model's parameter values as Retouch names them, before any vendor's own spelling. */
public final class EditVocabulary {

    public static final List<String> ASPECT_RATIOS =
            List.of("auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16");
    /** The ratios without {@code auto}: what vendors that always want a ratio accept. */
    public static final List<String> FIXED_ASPECT_RATIOS = ASPECT_RATIOS.stream().filter(r -> !r.equals("auto")).toList();
    public static final List<String> RESOLUTIONS = List.of("1K", "2K", "4K");
    public static final List<String> OUTPUT_FORMATS = List.of("png", "jpeg", "webp");
    public static final int MAX_NUM_IMAGES = 4;

    private EditVocabulary() {
    }

    /** Accepts {@code jpg} for {@code jpeg} and any case; returns null for unknown formats. */
    public static String normalizeFormat(String format) {
        if (format == null) return null;
        String f = format.trim().toLowerCase();
        if (f.equals("jpg")) f = "jpeg";
        return OUTPUT_FORMATS.contains(f) ? f : null;
    }

    public static String normalizeResolution(String resolution) {
        if (resolution == null) return null;
        String r = resolution.trim().toUpperCase();
        return RESOLUTIONS.contains(r) ? r : null;
    }
}
