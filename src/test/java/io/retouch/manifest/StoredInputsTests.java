package io.retouch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredInputsTests {

    @TempDir Path dir;

    private Path manifest(String... lines) throws Exception {
        return Files.writeString(dir.resolve("m.csv"), String.join("\n", lines) + "\n");
    }

    @Test
    void findsTheFirstRowWithALocalOrS3Input() throws Exception {
        Path m = manifest("item_key,images,prompt",
                "a,https://example.com/a.png,p",
                "b,http://example.com/b.png|  images/b.png ,p",
                "c,s3://bucket/c.png,p");

        assertThat(StoredInputs.first(m, Set.of("fal"))).isEqualTo(new StoredInputs.Found(3, "images/b.png"));
    }

    @Test
    void findsNothingWhenEveryInputIsAnHttpUrl() throws Exception {
        Path m = manifest("item_key,images,prompt", "a,https://example.com/a.png,p", "", "b,,p", "bad,row");

        assertThat(StoredInputs.first(m, Set.of("fal"))).isNull();
    }

    @Test
    void aRowNamingAnotherVendorIsNotCounted() throws Exception {
        Path m = manifest("item_key,images,prompt,vendor",
                "a,images/a.png,p,mulerun",
                "b,s3://bucket/b.png,p,",
                "c,images/c.png,p,fal");

        assertThat(StoredInputs.first(m, Set.of("fal"))).isEqualTo(new StoredInputs.Found(3, "s3://bucket/b.png"));
        assertThat(StoredInputs.first(m, Set.of("kie")).lineNo()).isEqualTo(3);
    }
}
