package io.retouch.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.task.TaskRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintTests {

    static final TaskRequest MUG = new TaskRequest("warm light", List.of("https://cdn.example.com/mug.png?sig=1"), "1:1", "1K", "png", 1, null);
    static final List<String> BYTES = List.of("aa".repeat(32));

    @Test
    void theSameEditFromAnotherUrlIsTheSameFingerprint() {
        TaskRequest elsewhere = new TaskRequest("warm light", List.of("s3://bucket/inputs/other.png"), "1:1", "1K", "png", 1, null);
        assertThat(Fingerprint.of(elsewhere, BYTES, 1)).isEqualTo(Fingerprint.of(MUG, BYTES, 1)).hasSize(64);
    }

    @Test
    void anyChangeToWhatIsOrderedIsAnotherFingerprint() {
        String mug = Fingerprint.of(MUG, BYTES, 1);
        assertThat(Fingerprint.of(MUG, List.of("bb".repeat(32)), 1)).isNotEqualTo(mug);
        assertThat(Fingerprint.of(new TaskRequest("warm light!", MUG.inputs(), "1:1", "1K", "png", 1, null), BYTES, 1)).isNotEqualTo(mug);
        assertThat(Fingerprint.of(new TaskRequest("warm light", MUG.inputs(), "1:1", "2K", "png", 1, null), BYTES, 1)).isNotEqualTo(mug);
        assertThat(Fingerprint.of(new TaskRequest("warm light", MUG.inputs(), "1:1", "1K", "jpeg", 1, null), BYTES, 1)).isNotEqualTo(mug);
        assertThat(Fingerprint.of(new TaskRequest("warm light", MUG.inputs(), "1:1", "1K", "png", 2, null), BYTES, 1)).isNotEqualTo(mug);
        assertThat(Fingerprint.of(new TaskRequest("warm light", MUG.inputs(), "1:1", "1K", "png", 1, 7L), BYTES, 1)).isNotEqualTo(mug);
        assertThat(Fingerprint.of(MUG, BYTES, 2)).as("split into parts by another vendor").isNotEqualTo(mug);
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        TaskRequest a = new TaskRequest("ab", MUG.inputs(), "1:1", "1K", "png", 1, null);
        TaskRequest b = new TaskRequest("a", MUG.inputs(), "b1:1", "1K", "png", 1, null);
        assertThat(Fingerprint.of(a, BYTES, 1)).isNotEqualTo(Fingerprint.of(b, BYTES, 1));
    }
}
