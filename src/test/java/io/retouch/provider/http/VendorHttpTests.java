package io.retouch.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class VendorHttpTests {

    /**
     * Regression: the JDK's request timeout ends at the response headers, so a vendor that sent
     * headers and then stalled mid-body blocked the call (and its task) forever.
     */
    @Test
    void aBodyThatStallsAfterTheHeadersEndsTheCallWithinTheTimeoutAndGrace() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"id\":".getBytes());
            out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try (VendorHttp http = new VendorHttp("test", Duration.ofMillis(500), Secret.of("key", "test-key-123456"))) {
            long start = System.nanoTime();
            HttpReply reply = http.exchange("submit", "POST",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Map.of(), "{}");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(reply.answered()).isFalse();
            assertThat(reply.nothingSent()).as("the vendor read the request: in doubt, not refused").isFalse();
            assertThat(seconds).isLessThan(15);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedConnectionProvesNothingWasSent() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (VendorHttp http = new VendorHttp("test", Duration.ofSeconds(2), Secret.of("key", "test-key-123456"))) {
            HttpReply reply = http.exchange("submit", "POST", URI.create("http://127.0.0.1:" + port + "/"), Map.of(), "{}");
            assertThat(reply.answered()).isFalse();
            assertThat(reply.nothingSent()).isTrue();
        }
    }
}
