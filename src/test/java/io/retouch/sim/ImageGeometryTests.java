package io.retouch.sim;

import java.awt.Dimension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ImageGeometryTests {

    @ParameterizedTest
    @CsvSource({
            "1:1,  1K, 1024, 1024",
            "16:9, 1K, 1024, 576",
            "21:9, 1K, 1024, 439",
            "3:2,  2K, 2048, 1365",
            "4:5,  2K, 1638, 2048",
            "9:16, 4K, 2304, 4096",
            "2:3,  4K, 2731, 4096",
            "5:4,  4K, 4096, 3277",
    })
    void longSideComesFromTheResolutionAndShortSideFromTheRatio(String ratio, String resolution, int width,
                                                                 int height) {
        assertThat(ImageGeometry.size(ratio, resolution, 10, 10)).isEqualTo(new Dimension(width, height));
    }

    @Test
    void autoKeepsTheInputRatio() {
        assertThat(ImageGeometry.size("auto", "1K", 640, 480)).isEqualTo(new Dimension(1024, 768));
        assertThat(ImageGeometry.size("auto", "2K", 300, 500)).isEqualTo(new Dimension(1229, 2048));
        assertThat(ImageGeometry.size("auto", "4K", 7, 7)).isEqualTo(new Dimension(4096, 4096));
    }

    @Test
    void rejectsWhatTheModelDoesNotOffer() {
        assertThatIllegalArgumentException().isThrownBy(() -> ImageGeometry.size("7:5", "1K", 1, 1))
                .withMessageContaining("7:5");
        assertThatIllegalArgumentException().isThrownBy(() -> ImageGeometry.size("1:1", "8K", 1, 1))
                .withMessageContaining("8K");
    }
}
