package io.retouch.provider.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The seed pages under src/test/resources/seeds/ are verbatim copies of the shared ones the project was specified from. */
class SeedCopiesTests {

    private static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    private static final Path COPIES = PROJECT.resolve("src/test/resources/seeds");

    @Test
    void copiesAreByteIdenticalToTheSharedSeedsBesideTheRepository() throws IOException {
        Path shared = PROJECT.resolve("../shared/seeds").normalize();
        assumeTrue(Files.isDirectory(shared), "no " + shared + " beside the project: nothing to compare the copies with");

        assertThat(names(COPIES)).isEqualTo(names(shared));
        for (String name : names(shared))
            assertThat(Files.mismatch(COPIES.resolve(name), shared.resolve(name))).as(name + ": first differing byte").isEqualTo(-1L);
    }

    @Test
    void theReadmeListsExactlyTheCopiedPages() throws IOException {
        String readme = Files.readString(COPIES.resolve("README.md"));
        List<String> listed = Pattern.compile("^\\|\\s*`([^`]+\\.txt)`", Pattern.MULTILINE).matcher(readme).results()
                .map(m -> m.group(1)).sorted().toList();
        assertThat(listed).hasSize(5).isEqualTo(names(COPIES).stream().filter(n -> !n.equals("README.md")).toList());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
