package io.retouch.provider.fal;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FalSettingsTests {

    @Test
    void falKeyWinsAndDefaultsPointAtTheRealQueue() {
        FalSettings settings = FalSettings.fromEnvironment(
                Map.of("FAL_KEY", "abc:def", "FAL_KEY_ID", "other", "FAL_KEY_SECRET", "other"), null);

        assertThat(settings.apiKey()).isEqualTo("abc:def");
        assertThat(settings.queueBaseUrl()).isEqualTo(URI.create("https://queue.fal.run"));
        assertThat(settings.modelPath()).isEqualTo("fal-ai/nano-banana-pro");
        assertThat(settings.submitSubPath()).isEqualTo("edit");
        assertThat(settings.minPollInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void keyIdAndSecretAreJoinedLikeFalsClientsDo() {
        FalSettings settings = FalSettings.fromEnvironment(Map.of("FAL_KEY_ID", "id", "FAL_KEY_SECRET", "secret"), null);

        assertThat(settings.apiKey()).isEqualTo("id:secret");
    }

    @Test
    void missingKeyNamesTheVariablesToSet() {
        assertThatThrownBy(() -> FalSettings.fromEnvironment(Map.of("FAL_KEY", "  "), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET");
    }

    @Test
    void halfAKeyPairIsCalledIncompleteWithoutEchoingIt() {
        assertThatThrownBy(() -> FalSettings.fromEnvironment(Map.of("FAL_KEY_ID", "id-only-123"), null))
                .hasMessageContainingAll("FAL_KEY_ID", "FAL_KEY_SECRET")
                .hasMessageNotContaining("id-only-123");
    }

    @Test
    void baseUrlComesFromTheOverrideThenTheEnvironment() {
        Map<String, String> env = Map.of("FAL_KEY", "k", "RETOUCH_FAL_BASE_URL", "http://127.0.0.1:9000/fal/");

        assertThat(FalSettings.fromEnvironment(env, null).queueBaseUrl())
                .isEqualTo(URI.create("http://127.0.0.1:9000/fal"));
        assertThat(FalSettings.fromEnvironment(env, URI.create("http://localhost:1/sim")).queueBaseUrl())
                .isEqualTo(URI.create("http://localhost:1/sim"));
    }

    @Test
    void aBadBaseUrlNamesItsVariable() {
        assertThatThrownBy(() -> FalSettings.fromEnvironment(Map.of("FAL_KEY", "k", "RETOUCH_FAL_BASE_URL", "http://bad host"), null))
                .hasMessageContaining("RETOUCH_FAL_BASE_URL");
        assertThatThrownBy(() -> FalSettings.fromEnvironment(Map.of("FAL_KEY", "k", "RETOUCH_FAL_BASE_URL", "ftp://h/"), null))
                .hasMessageContaining("http(s)");
    }

    @Test
    void toStringMasksTheKey() {
        FalSettings settings = FalSettings.of(URI.create("https://queue.fal.run"), "id-123:very-secret");

        assertThat(settings.toString()).contains("apiKey=***", "queue.fal.run")
                .doesNotContain("id-123", "very-secret");
    }

    @Test
    void aKeyWithControlCharactersIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> FalSettings.of(URI.create("https://queue.fal.run"), "abc\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("abc");
    }
}
