package io.retouch.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A run keeps the spec it started with, as JSON: a restart must read specs stored by earlier versions. */
class StoredSpecTests {

    private final JsonMapper json = JsonMapper.builder().build(); // as RetouchApplication's

    // Bug: `partitions` was an int, and a spec stored before it existed failed to read
    // ("Cannot map `null` into type `int`"), so `restart` of an older run failed.
    @Test
    void aSpecStoredBeforePartitionsAndAccountsExistedIsWorkedInOneProcessOnTheVendorsOwnAccount(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.csv"), "item_key,images,prompt\n");
        Files.writeString(dir.resolve("job.yaml"), """
                name: nightly
                manifest: manifest.csv
                vendor:
                  name: fal
                output:
                  bucket: catalog-edits
                """);
        ObjectNode stored = (ObjectNode) json.readTree(json.writeValueAsString(new JobSpecLoader().load(dir.resolve("job.yaml"))));
        stored.remove("partitions");
        ((ObjectNode) stored.get("vendors").get(0)).remove("account");

        JobSpec read = json.readValue(json.writeValueAsString(stored), JobSpec.class);

        assertThat(read.partitions()).isEqualTo(1);
        assertThat(read.vendors().getFirst().account()).isEqualTo("fal");
        assertThat(json.readValue("{}", JobSpec.class).partitions()).isEqualTo(1);
    }
}
