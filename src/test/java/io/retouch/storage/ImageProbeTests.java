package io.retouch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an output really is comes from its bytes, never from the vendor's content type. */
class ImageProbeTests {

    private static byte[] image(String format, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out))
                .as("an ImageIO writer for %s", format).isTrue();
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"png, image/png", "jpeg, image/jpeg", "webp, image/webp"})
    void readsTypeAndSizeFromTheBytes(String format, String contentType) throws IOException {
        assertThat(ImageProbe.of(image(format, 64, 48))).isEqualTo(new ImageProbe(contentType, 64, 48));
    }

    @Test
    void garbageIsNoImage() {
        assertThat(ImageProbe.of("<html>403 Forbidden</html>".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ImageProbe.of(new byte[0])).isNull();
    }

    @Test
    void aTruncatedImageIsNoImage() throws IOException {
        byte[] png = image("png", 64, 48);

        assertThat(ImageProbe.of(Arrays.copyOf(png, 12))).as("signature only, no header chunk").isNull();
    }
}
