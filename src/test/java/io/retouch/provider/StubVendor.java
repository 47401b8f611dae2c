package io.retouch.provider;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.retouch.provider.http.HttpReply;
import io.retouch.provider.http.VendorSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for any HTTP vendor on 127.0.0.1: real HTTP, no mocking library. It records every
 * request and answers canned responses in the order they were queued (500 when none is left).
 * It lives under {@link #BASE_PATH}, so every test also sees that an adapter keeps a base URL's path.
 */
public final class StubVendor implements AutoCloseable {

    /** The test key: an {@code id:secret} pair, so that masking the secret half alone is seen too. */
    public static final String KEY = "stub-key-id-42:stub-secret-7f3a9c";
    public static final String SECRET = KEY.substring(KEY.indexOf(':') + 1);
    public static final String BASE_PATH = "/stub";

    /** One request as received; {@code query} is the raw query, or null. */
    public record Recorded(String method, String path, String query, Headers headers, String body) {

        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The raw path and, when there is one, {@code ?query}. */
        public String target() {
            return query == null ? path : path + "?" + query;
        }
    }

    private record Canned(int status, String body, List<String> headers, Duration delay) {}

    private final Deque<Canned> answers = new ConcurrentLinkedDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    public StubVendor() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** The vendor's adapter against this stub with {@link #KEY} and a 5 s exchange timeout. */
    public VendorAdapter adapter(VendorSpec spec) {
        return adapter(spec, Duration.ofSeconds(5));
    }

    /** The vendor's adapter against this stub, with {@link #KEY} in its usual key variable. */
    public VendorAdapter adapter(VendorSpec spec, Duration timeout) {
        return open(spec, baseUrl(), timeout);
    }

    /** The vendor's adapter against {@code baseUrl}, with {@link #KEY} in its usual key variable. */
    public static VendorAdapter open(VendorSpec spec, URI baseUrl, Duration timeout) {
        return spec.open(new VendorDefinition.Connection(baseUrl, Map.of(spec.credentialVariables().getFirst(), KEY), timeout));
    }

    /** Queues an answer; {@code headers} are name, value pairs. JSON content type unless given. */
    public StubVendor answer(int status, String body, String... headers) {
        answers.add(new Canned(status, body, List.of(headers), Duration.ZERO));
        return this;
    }

    /** Queues an answer sent only after {@code delay}: a timeout for an impatient adapter. */
    public StubVendor answerAfter(Duration delay, int status, String body) {
        answers.add(new Canned(status, body, List.of(), delay));
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded onlyRequest() {
        if (requests.size() != 1) throw new AssertionError("expected one request, got " + requests);
        return requests.getFirst();
    }

    /** A base URL where nothing listens: connecting is refused, so nothing is ever sent. */
    public static URI nowhere() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + probe.getLocalPort() + BASE_PATH);
        }
    }

    /** A vendor's answer as an adapter would see it, for classifying without HTTP; headers are name, value pairs. */
    public static HttpReply reply(String operation, int status, String body, String... headers) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) map.put(headers[i], List.of(headers[i + 1]));
        return new HttpReply(operation, "submit".equals(operation) ? "POST" : "GET", URI.create("http://vendor/x"),
                status, HttpHeaders.of(map, (name, value) -> true), body, null, false, 3);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        requests.add(new Recorded(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                exchange.getRequestHeaders(), body));
        Canned canned = answers.poll();
        if (canned == null) canned = new Canned(500, "{\"message\":\"stub has no answer left\"}", List.of(), Duration.ZERO);
        try {
            Thread.sleep(canned.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> headers = canned.headers();
        for (int i = 0; i < headers.size(); i += 2) exchange.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
        if (!exchange.getResponseHeaders().containsKey("Content-Type"))
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up waiting (timeout tests)
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
