package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * A local stand-in for every hosted vendor of Nano Banana Pro edit: each vendor's protocol is served
 * under its own path ({@code /fal}, {@code /mulerun}, ...), so an adapter pointed at
 * {@link #baseUrl(String)} instead of the vendor's host works unchanged. All state lives in the state
 * dir, so a simulator started again on it knows every earlier request and the ledger of paid submissions.
 */
public final class Simulator implements VendorSimulator {

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final SubmissionLedger ledger = new SubmissionLedger();
    private final LoadCounters load = new LoadCounters(System::nanoTime);
    private final AtomicReference<FaultProfile> faults;
    private final SimIntake intake;
    private final String baseUrl;
    private final Map<String, String> vendorBaseUrls = new LinkedHashMap<>();

    private Simulator(SimulatorConfig config, InstantSource clock) throws IOException {
        SimRequestStore store = new SimRequestStore(config.stateDir());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 128);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        faults = new AtomicReference<>(config.faults());
        intake = new SimIntake(config, store, ledger, load, new InputFetcher(http), clock, faults::get, baseUrl + "/files");
        for (SimProtocol protocol : SimProtocols.all(baseUrl, intake)) {
            server.createContext(protocol.path() + "/", protocol);
            vendorBaseUrls.put(protocol.vendor(), baseUrl(protocol.path()));
        }
        server.createContext("/files/", this::serveFile);
        server.createContext("/_sim/submissions", this::describeLedger);
        server.createContext("/_sim/faults", this::faultControl);
        server.createContext("/_sim/stats", this::describeLoad);
        server.start();
    }

    public static Simulator start(SimulatorConfig config) throws IOException {
        return start(config, InstantSource.system());
    }

    /** Status is a function of the clock: tests that must see a request IN_QUEUE drive a clock of their own. */
    static Simulator start(SimulatorConfig config, InstantSource clock) throws IOException {
        // Rendering needs AWT, which must never try to reach a display on a build or server host.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // Picks up the WebP plugin even when the simulator is loaded by a non-system class loader.
        ImageIO.scanForPlugins();
        return new Simulator(config, clock);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Replaces the vendor's host for its adapter, e.g. {@code baseUrl("/mulerun")}. */
    public String baseUrl(String vendorPath) {
        return baseUrl + vendorPath;
    }

    /** Every vendor the simulator speaks for, with the base URL that replaces the vendor's host. */
    public Map<String, String> vendorBaseUrls() {
        return vendorBaseUrls;
    }

    @Override
    public URI vendorBaseUrl(String vendor) {
        return URI.create(baseUrl("/" + vendor));
    }

    public SubmissionLedger ledger() {
        return ledger;
    }

    /** Each vendor's peaks of tasks held and requests per second, to check a client's limits against. */
    public LoadCounters load() {
        return load;
    }

    /** Status streams open now (fal's {@code …/status/stream}): a closed client's stream is gone within seconds. */
    public int openStreams() {
        return intake.openStreams();
    }

    /** The most status streams that were open at once. */
    public int peakOpenStreams() {
        return intake.peakOpenStreams();
    }

    /**
     * Changes the faults from now on (also {@code POST /_sim/faults}): a profile without vendor sections
     * replaces everything ({@code none} switches all faults off); one with sections replaces only those
     * vendors'. Requests already accepted keep the fate they were given.
     */
    public void setFaults(String profile) {
        FaultProfile parsed = FaultProfile.parse(profile);
        faults.updateAndGet(current -> current.overlaidWith(parsed));
    }

    /** {@code GET /_sim/submissions}: the ledger for checks from a shell or another process. */
    private void describeLedger(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", ledger.total());
            body.put("byVendor", ledger.countsByVendor());
            body.put("byBodySha256", ledger.countsByBodySha256());
            body.put("byPrompt", ledger.countsByPrompt());
            HttpReplies.json(exchange, 200, body);
        });
    }

    /**
     * {@code GET /_sim/stats}: each vendor's peaks, {@code {"byVendor":{"fal":{"peakHeld":3,"peakRequestsPerSecond":5}}}},
     * and its totals ({@link LoadCounters.Totals}) under {@code "totals"}, with {@code "now"} (epoch millis).
     */
    private void describeLoad(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> {
            long now = intake.now();
            HttpReplies.json(exchange, 200, Map.of("byVendor", load.byVendor(), "totals", load.totalsByVendor(now),
                    "now", now));
        });
    }

    /** {@code GET /_sim/faults} shows the faults; {@code POST} with a profile as the body changes them. */
    private void faultControl(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> {
            if (exchange.getRequestMethod().equals("POST")) {
                try {
                    setFaults(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    HttpReplies.json(exchange, 400, Map.of("error", e.getMessage()));
                    return;
                }
            }
            HttpReplies.json(exchange, 200, Map.of("faults", faults.get().toString()));
        });
    }

    /** {@code GET /files/{id}/{n}.{ext}}, the vendors' CDN: expired outputs answer 410, as real ones do. */
    private void serveFile(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> {
            String[] segments = exchange.getRequestURI().getPath().substring("/files/".length()).split("/");
            SimRequest request = segments.length == 2 ? intake.store().find(segments[0]).orElse(null) : null;
            // n.ext names output n when n is one of the request's outputs
            int index = request == null ? -1 : IntStream.range(0, request.params().numImages())
                    .filter(n -> segments[1].equals(n + "." + request.params().outputFormat()))
                    .findFirst().orElse(-1);
            if (!exchange.getRequestMethod().equals("GET")) {
                HttpReplies.json(exchange, 405, Map.of("detail", "Method Not Allowed"));
            } else if (index < 0 || request.phaseAt(intake.now()) != SimRequest.Phase.COMPLETED
                    || !request.producesImages()) {
                HttpReplies.json(exchange, 404, Map.of("detail", "File not found"));
            } else if (request.outcome() == Outcome.OUTPUT_EXPIRED) {
                HttpReplies.json(exchange, 410, Map.of("detail", "File has expired"));
            } else {
                load.requestWas(request.vendor(), LoadCounters.Kind.FILE);
                OutputRenderer.OutputFile output = intake.renderer().outputs(request).get(index);
                HttpReplies.file(exchange, output.path(), output.contentType());
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        http.shutdownNow();
        try {
            intake.store().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
