package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code POST /fal/fal-ai/nano-banana-pro/edit}: validate, maybe inject a submit fault, fetch the
 * inputs, schedule, and persist — all before answering, so an accepted request is never lost and is
 * counted exactly once, whatever happens to the process afterwards.
 */
final class FalSubmitter {

    private final SimulatorConfig config;
    private final FalUrls urls;
    private final SimRequestStore store;
    private final Schedule schedule;
    private final SubmissionLedger ledger;
    private final InputFetcher fetcher;
    private final InstantSource clock;
    private final EditBodyValidator validator = new EditBodyValidator(HttpReplies.JSON);

    FalSubmitter(SimulatorConfig config, FalUrls urls, SimRequestStore store, Schedule schedule,
                 SubmissionLedger ledger, InputFetcher fetcher, InstantSource clock) {
        this.config = config;
        this.urls = urls;
        this.store = store;
        this.schedule = schedule;
        this.ledger = ledger;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    void submit(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        EditBodyValidator.Result validated = validator.validate(body);
        if (!validated.violations().isEmpty()) {
            HttpReplies.json(exchange, 422, Map.of("detail", validated.violations()));
            return;
        }
        String bodySha256 = sha256Hex(body);
        // The attempt number makes a retried submit of the same body roll new dice, yet the whole
        // sequence of outcomes stays repeatable for a given seed.
        long seed = submissionSeed(config.seed(), bodySha256, store.nextAttempt(bodySha256));
        FaultProfile.Decision decision = config.faults().decide(seed);
        if (decision.submitFault() != null) {
            rejectWithFault(exchange, decision.submitFault());
            return;
        }
        EditParams params = validated.params();
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < params.imageUrls().size(); i++) {
            try {
                fetcher.fetch(params.imageUrls().get(i), store.inputFile(id, i));
            } catch (InputFetcher.InputProblem problem) {
                deleteInputs(store.inputFile(id, 0).getParent());
                HttpReplies.json(exchange, 422, Map.of("detail", List.of(
                        new Violation(List.of("body", "image_urls", i), problem.getMessage(), problem.type))));
                return;
            }
        }
        long now = clock.millis();
        // seed + 1: the latency draw must not repeat the fault draws taken from the same seed.
        Schedule.Slot slot = schedule.admit(now, config.latency().sample(seed + 1).toMillis());
        SimRequest request = new SimRequest(id, slot.sequence(), bodySha256, params.withAbbreviatedImageUrls(),
                params.imageUrls().size(), now, slot.startAt(), slot.finishAt(), decision.outcome(), null);
        store.add(request);
        ledger.record(bodySha256, params.prompt());
        HttpReplies.json(exchange, 200, accepted(request, now));
    }

    private Map<String, Object> accepted(SimRequest request, long now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "IN_QUEUE");
        body.put("request_id", request.id());
        body.put("gateway_request_id", request.id());
        body.put("response_url", urls.responseUrl(request.id()));
        body.put("status_url", urls.statusUrl(request.id()));
        body.put("cancel_url", urls.cancelUrl(request.id()));
        body.put("queue_position", store.queuedAhead(request, now));
        return body;
    }

    private static void rejectWithFault(HttpExchange exchange, FaultProfile.Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_5XX -> {
                exchange.getResponseHeaders().set("X-Fal-Error-Type", "runner_scheduling_failure");
                exchange.getResponseHeaders().set("X-Fal-Retryable", "true");
                HttpReplies.json(exchange, 503, Map.of("detail", "Failed to schedule a runner (simulated)",
                        "error_type", "runner_scheduling_failure"));
            }
            case SUBMIT_429_RETRY_AFTER -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                HttpReplies.json(exchange, 429, Map.of("detail", "Rate limit exceeded (simulated)"));
            }
            default -> HttpReplies.json(exchange, 429, Map.of("detail", "Rate limit exceeded (simulated)"));
        }
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK ships SHA-256", e);
        }
    }

    static long submissionSeed(long configSeed, String bodySha256, int attempt) {
        long bodyBits = Long.parseUnsignedLong(bodySha256.substring(0, 16), 16);
        return configSeed * 0x9E3779B97F4A7C15L ^ bodyBits ^ (attempt * 0xC2B2AE3D27D4EB4FL);
    }

    private static void deleteInputs(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
