package io.retouch.infra;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy in-process over a filesystem blob store: real S3 protocol, data kept in one folder.
 * Each process serves the same folder on its own port.
 */
public final class EmbeddedObjectStore implements AutoCloseable {

    /** Local-only credentials of the embedded store; not secrets, it listens on loopback only. */
    public static final String ACCESS_KEY = "retouch";
    public static final String SECRET_KEY = "retouch-embedded";

    private final S3Proxy proxy;

    private EmbeddedObjectStore(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static EmbeddedObjectStore start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    // without it, multipart uploads from the AWS SDK get 501
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(5);
            }
            return new EmbeddedObjectStore(proxy);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded S3 store in " + dataDir, e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
