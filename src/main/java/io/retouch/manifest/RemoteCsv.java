package io.retouch.manifest;

import io.retouch.storage.ObjectStore;
import io.retouch.storage.S3Location;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A CSV manifest at an s3:// address (the configured object store) or an http(s) URL, as a Spring
 * {@link Resource} whose stream is read as it arrives. Each open is a new GET, so a restarted ingest
 * reads the manifest again from the start and skips the rows it committed.
 */
final class RemoteCsv {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

    private RemoteCsv() {
    }

    static Resource at(URI uri, ObjectStore store) {
        return "s3".equalsIgnoreCase(uri.getScheme()) ? new S3(S3Location.parse(uri.toString()), store) : new Http(uri);
    }

    private static final class S3 extends AbstractResource {
        private final S3Location where;
        private final ObjectStore store;

        S3(S3Location where, ObjectStore store) {
            this.where = where;
            this.store = store;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            try {
                return store.open(where);
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                throw new FileNotFoundException("no such object in the S3 store");
            } catch (SdkException e) {
                throw new IOException("the S3 store answered: " + e.getMessage(), e);
            }
        }

        @Override
        public String getDescription() {
            return where.toString();
        }
    }

    private static final class Http extends AbstractResource {
        private final URI uri;

        Http(URI uri) {
            this.uri = uri;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            HttpResponse<InputStream> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking " + getDescription(), e);
            } catch (IOException e) {
                throw new IOException(e instanceof java.net.ConnectException ? "cannot connect to " + uri.getAuthority()
                        : e instanceof java.net.http.HttpTimeoutException ? "no answer from " + uri.getAuthority()
                        : "cannot reach " + uri.getAuthority() + ": " + e.getMessage(), e);
            }
            if (response.statusCode() == 200) return response.body();
            response.body().close();
            throw response.statusCode() == 404 || response.statusCode() == 410
                    ? new FileNotFoundException("not found (HTTP " + response.statusCode() + ")")
                    : new IOException("answered HTTP " + response.statusCode());
        }

        @Override
        public String getDescription() {
            return io.retouch.spec.Manifest.CsvAt.shown(uri);
        }
    }
}
