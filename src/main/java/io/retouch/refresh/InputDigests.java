package io.retouch.refresh;

import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of an input's bytes, by where its task reads it: a local file staged into the run's
 * bucket is named by its hash already (a look-alike name in any other bucket is read like any object); any other s3:// object or http(s) URL is read once (streamed) and
 * hashed. Remembers what it hashed for the rest of the ingest step, as rows often share an image.
 */
public class InputDigests {

    /** Where InputStager puts local files: inputs/SHA256.ext */
    private static final Pattern STAGED = Pattern.compile("inputs/([0-9a-f]{64})(\\.[A-Za-z0-9]*)?");
    private static final int REMEMBERED = 10_000;

    /** One for the process: a client per run would leave its selector thread behind in a long-lived serve. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private final ObjectStore store;
    private final String stagingBucket;
    private final Map<String, String> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param stagingBucket where InputStager put this run's local files: only there is a name a hash */
    public InputDigests(ObjectStore store, String stagingBucket) {
        this.store = store;
        this.stagingBucket = stagingBucket;
    }

    /** The hash of the input's bytes; an input that cannot be read throws, naming it. */
    public String of(String input) throws IOException {
        String digest = known.get(input);
        if (digest != null) return digest;
        digest = read(input);
        known.put(input, digest);
        return digest;
    }

    private String read(String input) throws IOException {
        if (S3Location.isS3Uri(input)) {
            S3Location where = S3Location.parse(input);
            Matcher staged = STAGED.matcher(where.key());
            if (staged.matches() && where.bucket().equals(stagingBucket)) return staged.group(1);
            try (InputStream in = store.open(where)) {
                return hash(in);
            } catch (RuntimeException e) {
                throw new IOException("cannot read " + input + ": " + e.getMessage(), e);
            }
        }
        HttpRequest get = HttpRequest.newBuilder(URI.create(input)).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<InputStream> response = HTTP.send(get, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) throw new IOException("GET " + input + " answered HTTP " + response.statusCode());
                return hash(in);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + input, e);
        }
    }

    private static String hash(InputStream in) throws IOException {
        MessageDigest sha = Fingerprint.sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
        return HexFormat.of().formatHex(sha.digest());
    }
}
