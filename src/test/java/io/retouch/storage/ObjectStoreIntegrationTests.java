package io.retouch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.RetouchTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@RetouchTest
class ObjectStoreIntegrationTests {

    @Autowired ObjectStore store;

    @Test
    void putsAnObjectWithItsContentTypeAndMetadataAndReadsItBack() {
        S3Location where = new S3Location("retouch-it", "objects/a.txt");
        store.put(where, "hello".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of("sha256", "abc"));
        assertThat(new String(store.get(where), StandardCharsets.UTF_8)).isEqualTo("hello");
        var head = store.head(where);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.metadata()).containsEntry("sha256", "abc");
    }

    @Test
    void headOfAMissingObjectIsNull() {
        store.ensureBucket("retouch-it");
        assertThat(store.head(new S3Location("retouch-it", "nope/missing"))).isNull();
    }

    @Test
    void aPresignedUrlServesTheObjectWithoutCredentials() throws Exception {
        S3Location where = new S3Location("retouch-it", "objects/presigned.bin");
        store.put(where, new byte[]{1, 2, 3}, "application/octet-stream", Map.of());
        var url = store.presignGet(where, Duration.ofMinutes(5));
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(1, 2, 3);
    }

    @Test
    void aLargerObjectRoundTripsIntact() {
        byte[] bytes = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        S3Location where = new S3Location("retouch-it", "objects/large.bin");
        store.put(where, bytes, "application/octet-stream", Map.of());
        assertThat(store.get(where)).isEqualTo(bytes);
    }
}
