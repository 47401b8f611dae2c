package io.retouch.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy in-process over a filesystem blob store: real S3 protocol, data kept in one folder.
 * Each process serves the same folder on its own port. It starts in the background (building the
 * proxy takes a second or two): its endpoint is known at once, and {@link #awaitStarted()} waits
 * until it answers.
 */
public final class EmbeddedObjectStore implements AutoCloseable {

    /** Local-only credentials of the embedded store; not secrets, it listens on loopback only. */
    public static final String ACCESS_KEY = "retouch";
    public static final String SECRET_KEY = "retouch-embedded";

    private final int port;
    private final CompletableFuture<S3Proxy> started;

    private EmbeddedObjectStore(int port, CompletableFuture<S3Proxy> started) {
        this.port = port;
        this.started = started;
    }

    /** Starts the store on a port of its own, in the background; the port is held until the proxy takes it. */
    public static EmbeddedObjectStore start(Path dataDir) {
        ServerSocket held;
        try {
            Files.createDirectories(dataDir);
            held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded S3 store in " + dataDir + ": " + e.getMessage(), e);
        }
        int port = held.getLocalPort();
        CompletableFuture<S3Proxy> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(run(dataDir, held));
            } catch (Exception | Error e) {
                started.completeExceptionally(new IllegalStateException(
                        "Could not start the embedded S3 store in " + dataDir + " on port " + port + ": " + e, e));
            }
        }, "embedded-s3-start");
        thread.setDaemon(true);
        thread.start();
        return new EmbeddedObjectStore(port, started);
    }

    private static S3Proxy run(Path dataDir, ServerSocket held) throws Exception {
        S3Proxy proxy;
        try (held) {
            proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()))
                    .endpoint(URI.create("http://127.0.0.1:" + held.getLocalPort()))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    // without it, multipart uploads from the AWS SDK get 501
                    .ignoreUnknownHeaders(true)
                    .build();
        }
        // the port is given up only now, right before the proxy binds it: no other process can have taken it meanwhile
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            if (proxy.getState().equals("FAILED")) throw new IOException("the proxy failed to start");
            Thread.sleep(5);
        }
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Returns once the store answers; throws (every time) when it could not start. */
    public void awaitStarted() {
        try {
            started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        S3Proxy proxy;
        try {
            proxy = started.join();
        } catch (CompletionException e) {
            return;
        }
        proxy.stop();
    }
}
