package io.retouch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Outputs go under deterministic keys: the same task and index always give the same key (DESIGN §3.3). */
class OutputKeysTests {

    @Test
    void everyPlaceholderIsFilledIn() {
        assertThat(OutputKeys.render("{job}/{run}/{item}/{line}-{index}.{ext}", "nightly", 17, "shoes/red-1", 42, 0, "png"))
                .isEqualTo("nightly/17/shoes/red-1/42-0.png");
    }

    @Test
    void theSameInputsGiveTheSameKeyAndEachIndexItsOwn() {
        String template = "{job}/{run}/{item}/{index}.{ext}";

        assertThat(OutputKeys.render(template, "j", 1, "k", 2, 0, "jpg"))
                .isEqualTo(OutputKeys.render(template, "j", 1, "k", 2, 0, "jpg"))
                .isNotEqualTo(OutputKeys.render(template, "j", 1, "k", 2, 1, "jpg"));
    }

    @Test
    void placeholdersMayRepeatAndTextAroundThemStays() {
        assertThat(OutputKeys.render("out/{item}_{index}/{item}.{ext}", "j", 1, "mug", 2, 3, "webp"))
                .isEqualTo("out/mug_3/mug.webp");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a//b       | must not have an empty segment ('//')
            a/./b      | must not have a '.' segment
            a/../b     | must not have a '..' segment
            ./c        | must not have a '.' segment
            b/         | must not end with '/'
            /b         | must be relative: it must not start with '/'
            """)
    void aPathThatAFilesystemStoreWouldReadAsAnotherIsAProblem(String path, String problem) {
        assertThat(OutputKeys.pathProblem(path)).isEqualTo(problem);
    }

    @Test
    void plainPathsAndDotsInsideNamesAreNoProblem() {
        assertThat(List.of("a", "a/b", "a.b/.c/d.", "...")).allSatisfy(p -> assertThat(OutputKeys.pathProblem(p)).isNull());
    }

    @ParameterizedTest
    @CsvSource({"image/jpeg, jpg", "image/png, png", "image/webp, webp", "image/gif, bin", "application/octet-stream, bin"})
    void extensionFollowsTheContentType(String contentType, String ext) {
        assertThat(OutputKeys.extension(contentType)).isEqualTo(ext);
    }
}
