package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * A local stand-in for fal.ai's queue API serving {@code fal-ai/nano-banana-pro/edit}: point a fal
 * adapter at {@link #falBaseUrl()} instead of {@code https://queue.fal.run} and it works unchanged.
 * All state lives in the config's state dir, so a simulator started again on the same dir knows
 * every earlier request and the ledger of paid submissions.
 */
public final class Simulator implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final SubmissionLedger ledger;
    private final String baseUrl;

    private Simulator(HttpServer server, ExecutorService executor, HttpClient http, SubmissionLedger ledger) {
        this.server = server;
        this.executor = executor;
        this.http = http;
        this.ledger = ledger;
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static Simulator start(SimulatorConfig config) throws IOException {
        return start(config, InstantSource.system());
    }

    /**
     * Status is a function of the clock, so tests that must see a request IN_QUEUE or IN_PROGRESS
     * drive a clock of their own instead of racing the wall clock on a busy machine.
     */
    static Simulator start(SimulatorConfig config, InstantSource clock) throws IOException {
        // Rendering needs AWT, which must never try to reach a display on a build or server host.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // Picks up the WebP plugin even when the simulator is loaded by a non-system class loader.
        ImageIO.scanForPlugins();
        SimRequestStore store = new SimRequestStore(config.stateDir());
        Schedule schedule = new Schedule(config.concurrency());
        SubmissionLedger ledger = new SubmissionLedger();
        for (SimRequest request : store.inSubmissionOrder()) {
            schedule.replay(request);
            ledger.record(request.bodySha256(), request.params().prompt());
        }
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Simulator simulator = new Simulator(server, executor, http, ledger);
        FalUrls urls = new FalUrls(simulator.falBaseUrl());
        OutputRenderer renderer = new OutputRenderer(store);
        FalSubmitter submitter = new FalSubmitter(config, urls, store, schedule, ledger, new InputFetcher(http),
                clock);
        FalResults results = new FalResults(simulator.baseUrl() + "/files", store, renderer, clock);
        server.createContext("/fal/", new FalQueueHandler(urls, store, submitter, results, clock));
        server.createContext("/files/", new FileHandler(store, renderer, clock));
        server.createContext("/_sim/submissions", simulator::describeLedger);
        server.start();
        return simulator;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Replaces {@code https://queue.fal.run} for the fal adapter. */
    public String falBaseUrl() {
        return baseUrl + "/fal";
    }

    public SubmissionLedger ledger() {
        return ledger;
    }

    /** {@code GET /_sim/submissions}: the ledger for checks from a shell or another process. */
    private void describeLedger(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", ledger.total());
            body.put("byBodySha256", ledger.countsByBodySha256());
            body.put("byPrompt", ledger.countsByPrompt());
            HttpReplies.json(exchange, 200, body);
        });
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        http.shutdownNow();
    }
}
