package io.retouch.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SecretTests {

    @Test
    void aKeyAndTheSecretHalfOfAnIdSecretKeyAreMasked() {
        Secret secret = Secret.of("test key", "key-id-42:key-secret-7f3a9c");
        assertThat(secret.redact("bad key key-id-42:key-secret-7f3a9c")).isEqualTo("bad key ***");
        assertThat(secret.redact("secret key-secret-7f3a9c leaked")).isEqualTo("secret *** leaked");
        assertThat(secret.toString()).isEqualTo("***");
    }

    /** Regression: a one-letter key masked "task_info" into "tas***_info", so no MuleRun answer could be read. */
    @Test
    void aVeryShortKeyDoesNotCorruptTheVendorsAnswers() {
        assertThat(Secret.of("test key", "k").redact("{\"task_info\":{\"id\":\"1\"}}")).isEqualTo("{\"task_info\":{\"id\":\"1\"}}");
        assertThat(Secret.of("test key", "id:s").redact("status: ok")).isEqualTo("status: ok");
    }

    @Test
    void blankOrSpacedKeysAreRefusedWithoutEchoingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Secret.of("MuleRun API key", " abc"))
                .withMessage("MuleRun API key is empty or contains whitespace or control characters");
        assertThatIllegalArgumentException().isThrownBy(() -> Secret.of("MuleRun API key", ""));
    }
}
