package io.retouch.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import io.retouch.testing.RetouchTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an input's hash is read from, on the real S3 protocol. */
@RetouchTest
class InputDigestsIntegrationTests {

    static final String NAME_HASH = "ab".repeat(32);

    @Autowired ObjectStore store;

    @Test
    void aStagedFileIsNamedByItsHashOnlyInTheRunsOwnBucket() throws Exception {
        byte[] bytes = "a photo that changed in place".getBytes(StandardCharsets.UTF_8);
        store.put(new S3Location("digests-staging", "inputs/" + NAME_HASH + ".png"), bytes, "image/png", Map.of());
        store.put(new S3Location("digests-customer", "inputs/" + NAME_HASH + ".png"), bytes, "image/png", Map.of());
        InputDigests digests = new InputDigests(store, "digests-staging");

        assertThat(digests.of("s3://digests-staging/inputs/" + NAME_HASH + ".png")).as("staged by Retouch: the name").isEqualTo(NAME_HASH);
        // Bug (review): a customer's bucket using the same naming was trusted by name, though its objects change in place
        assertThat(digests.of("s3://digests-customer/inputs/" + NAME_HASH + ".png")).as("anyone else's: the bytes")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThatThrownBy(() -> digests.of("s3://digests-customer/inputs/missing.png")).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://digests-customer/inputs/missing.png");
    }
}
