package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.EditVocabulary;
import io.retouch.sim.ImageGeometry;
import io.retouch.storage.ImageProbe;
import io.retouch.task.TaskRequest;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What was ordered is what is stored (DESIGN §3.9): every output is a real image encoded by ImageIO
 * and read back by {@link ImageProbe}, as the collector does with a vendor's bytes.
 */
class OrderCheckTests {

    private static final Map<String, ImageProbe> ENCODED = new ConcurrentHashMap<>();

    /** The probe of a real {@code format} image of that size (1-bit PNGs keep 4K images cheap). */
    static ImageProbe image(String format, int width, int height) {
        return ENCODED.computeIfAbsent(format + width + "x" + height, k -> {
            int type = switch (format) {
                case "png" -> BufferedImage.TYPE_BYTE_BINARY;
                case "jpeg" -> BufferedImage.TYPE_BYTE_GRAY;
                default -> BufferedImage.TYPE_INT_RGB;
            };
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThat(ImageIO.write(new BufferedImage(width, height, type), format, out)).isTrue();
                return ImageProbe.of(out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static TaskRequest order(int count, String format, String ratio, String resolution) {
        return new TaskRequest("p", List.of("https://example.com/in.png"), ratio, resolution, format, count, null);
    }

    private static Optional<String> check(TaskRequest order, ImageProbe... outputs) {
        return OrderCheck.mismatch(order, List.of(outputs));
    }

    @Test
    void theBriefsExampleSaysWhatWasOrderedAndWhatCame() {
        assertThat(check(order(2, "jpeg", "16:9", "2K"), image("png", 1024, 1024))).hasValue(
                "ordered 2 × jpeg 16:9 2K; got 1 × png 1024×1024 (wrong count, format, aspect ratio, resolution)");
    }

    static Stream<Arguments> everyRatioAndResolution() {
        List<Arguments> all = new ArrayList<>();
        for (String ratio : EditVocabulary.FIXED_ASPECT_RATIOS)
            for (String resolution : EditVocabulary.RESOLUTIONS) all.add(Arguments.of(ratio, resolution));
        return all.stream();
    }

    /** The simulator makes the long side 1024/2048/4096 (1K 21:9 is 1024×439, only 0.43 of 1024²). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyRatioAndResolution")
    void everyOutputTheSimulatorRendersPasses(String ratio, String resolution) {
        Dimension size = ImageGeometry.size(ratio, resolution, 320, 240);

        assertThat(check(order(1, "png", ratio, resolution), image("png", size.width, size.height))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"320, 240", "240, 320", "7, 7", "1000, 250", "250, 1000"})
    void autoOutputsOfTheSimulatorPassWhateverTheInputsRatio(int inputWidth, int inputHeight) {
        for (String resolution : EditVocabulary.RESOLUTIONS) {
            Dimension size = ImageGeometry.size("auto", resolution, inputWidth, inputHeight);
            assertThat(check(order(1, "png", "auto", resolution), image("png", size.width, size.height)))
                    .as("%s from %dx%d", resolution, inputWidth, inputHeight).isEmpty();
        }
    }

    /** Google's and fal's sizes keep about a megapixel per 1K whatever the ratio. */
    @ParameterizedTest(name = "{0} {1}: {2}×{3}")
    @CsvSource({
            "1:1, 1K, 1024, 1024", "16:9, 1K, 1376, 768", "16:9, 1K, 1408, 768", "9:16, 1K, 768, 1376",
            "21:9, 1K, 1584, 672", "4:3, 1K, 1200, 896", "3:4, 1K, 896, 1200", "3:2, 1K, 1264, 848",
            "2:3, 1K, 848, 1264", "5:4, 1K, 1152, 928", "4:5, 1K, 928, 1152",
            "1:1, 2K, 2048, 2048", "16:9, 2K, 2752, 1536", "21:9, 2K, 3168, 1344", "3:2, 2K, 2528, 1696",
            "1:1, 4K, 4096, 4096", "16:9, 4K, 5504, 3072", "21:9, 4K, 6336, 2688", "4:5, 4K, 3712, 4608"})
    void theMegapixelReadingOfTheVendorsPasses(String ratio, String resolution, int width, int height) {
        assertThat(check(order(1, "png", ratio, resolution), image("png", width, height))).isEmpty();
    }

    /** For every ratio, a neighbouring tier's output fails, whichever way either vendor reads the tier. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyRatioAndResolution")
    void neighbouringResolutionsAreToldApart(String ratio, String resolution) {
        int tier = EditVocabulary.RESOLUTIONS.indexOf(resolution);
        for (int other = 0; other < EditVocabulary.RESOLUTIONS.size(); other++) {
            if (other == tier) continue;
            for (Dimension size : List.of(longSide(ratio, other), megapixels(ratio, other)))
                assertThat(check(order(1, "png", ratio, resolution), image("png", size.width, size.height)))
                        .as("%s ordered, %dx%d came", resolution, size.width, size.height)
                        .hasValueSatisfying(m -> assertThat(m).endsWith("(wrong resolution)"));
        }
    }

    private static Dimension longSide(String ratio, int tier) {
        return ImageGeometry.size(ratio, EditVocabulary.RESOLUTIONS.get(tier), 1, 1);
    }

    private static Dimension megapixels(String ratio, int tier) {
        String[] sides = ratio.split(":");
        double r = Double.parseDouble(sides[0]) / Double.parseDouble(sides[1]);
        double side = 1024 << tier;
        return new Dimension((int) Math.round(side * Math.sqrt(r)), (int) Math.round(side / Math.sqrt(r)));
    }

    @Test
    void fewerOrMoreImagesThanOrderedIsTheWrongCount() {
        TaskRequest two = order(2, "png", "1:1", "1K");

        assertThat(check(two, image("png", 1024, 1024), image("png", 1024, 1024))).isEmpty();
        assertThat(check(two, image("png", 1024, 1024)))
                .hasValue("ordered 2 × png 1:1 1K; got 1 × png 1024×1024 (wrong count)");
        assertThat(check(order(1, "png", "1:1", "1K"), image("png", 1024, 1024), image("png", 1024, 1024)))
                .hasValue("ordered 1 × png 1:1 1K; got 2 × png 1024×1024 (wrong count)");
    }

    @ParameterizedTest(name = "{0} ordered, {1} came")
    @CsvSource({"jpeg, png", "png, jpeg", "webp, png", "png, webp", "jpeg, webp"})
    void theFormatIsTheOneInTheBytes(String ordered, String came) {
        assertThat(check(order(1, ordered, "4:3", "1K"), image(ordered, 1200, 896))).isEmpty();
        assertThat(check(order(1, ordered, "4:3", "1K"), image(came, 1200, 896)))
                .hasValue("ordered 1 × " + ordered + " 4:3 1K; got 1 × " + came + " 1200×896 (wrong format)");
    }

    @Test
    void oneWrongOutputAmongRightOnesIsAMismatchAndEachKindIsListed() {
        assertThat(check(order(2, "jpeg", "16:9", "2K"), image("jpeg", 2752, 1536), image("png", 2752, 1536)))
                .hasValue("ordered 2 × jpeg 16:9 2K; got 1 × jpeg 2752×1536, 1 × png 2752×1536 (wrong format)");
    }

    @Test
    void theRatioIsCheckedAgainstTheOrder() {
        assertThat(check(order(1, "png", "16:9", "1K"), image("png", 1024, 1024)))
                .hasValue("ordered 1 × png 16:9 1K; got 1 × png 1024×1024 (wrong aspect ratio)");
        assertThat(check(order(1, "png", "9:16", "1K"), image("png", 1376, 768))).as("turned sideways")
                .hasValueSatisfying(m -> assertThat(m).endsWith("(wrong aspect ratio)"));
        assertThat(check(order(1, "png", "5:4", "1K"), image("png", 1200, 896))).as("4:3 for 5:4, the closest pair")
                .hasValueSatisfying(m -> assertThat(m).endsWith("(wrong aspect ratio)"));
    }

    @Test
    void autoChecksNoRatioButStillTheResolution() {
        assertThat(check(order(1, "png", "auto", "1K"), image("png", 1584, 672))).isEmpty();
        assertThat(check(order(1, "png", "auto", "1K"), image("png", 672, 1584))).isEmpty();
        assertThat(check(order(1, "png", "auto", "2K"), image("png", 1200, 896)))
                .hasValue("ordered 1 × png auto 2K; got 1 × png 1200×896 (wrong resolution)");
    }

    /** The band for 1:1 1K is 1024² / 1.25 … 1024² × 1.25 pixels: 916² is in, 915² out; 1144² in, 1145² out. */
    @ParameterizedTest(name = "{0}×{0}: {1}")
    @CsvSource({"915, false", "916, true", "1144, true", "1145, false"})
    void theSizeToleranceEdges(int side, boolean fits) {
        assertThat(check(order(1, "png", "1:1", "1K"), image("png", side, side)).isEmpty()).isEqualTo(fits);
    }

    /** 16:9 within 5 %: 1024×554 is 4.0 % wider, 1024×543 6.1 %; 1024×598 is 3.8 % narrower, 1024×608 5.6 %. */
    @ParameterizedTest(name = "{0}×{1}: {2}")
    @CsvSource({"1024, 554, true", "1024, 543, false", "1024, 598, true", "1024, 608, false"})
    void theRatioToleranceEdges(int width, int height, boolean fits) {
        Optional<String> verdict = check(order(1, "png", "16:9", "1K"), image("png", width, height));

        assertThat(verdict.isEmpty()).as(verdict.orElse("fits")).isEqualTo(fits);
        verdict.ifPresent(m -> assertThat(m).endsWith("(wrong aspect ratio)"));
    }
}
