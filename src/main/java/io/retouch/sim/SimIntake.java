package io.retouch.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The part of every vendor protocol that is the same: deciding a submission's faults, fetching its
 * inputs, giving it a place in that vendor's queue, persisting it and counting it as paid — all
 * before the protocol answers, so an accepted request is never lost and is counted exactly once,
 * whatever happens to the process afterwards. Protocols ({@link SimProtocol}) only translate between
 * their vendor's wire format and this; {@link SimProtocol#take} is the submit flow they share.
 */
public final class SimIntake {

    /** What the dice say about one submission. */
    public record Admission(String vendor, String bodySha256, long seed, FaultProfile.Decision decision) {

        /** Refused by {@code decision().submitFault()}: nothing is paid. */
        public boolean refused() {
            return decision.refused();
        }
    }

    /** One submission to accept: its admission (its own fate), its parameters and the client's own reference. */
    public record Entry(Admission admission, EditParams params, String clientRef) {}

    /** An input image could not be fetched or read: the vendor answers its bad-input error. */
    public static final class InputRejected extends Exception {
        public final int index;
        public final String type;

        InputRejected(int index, InputFetcher.InputProblem problem) {
            super(problem.getMessage());
            this.index = index;
            this.type = problem.type;
        }
    }

    private final SimulatorConfig config;
    private final SimRequestStore store;
    private final SubmissionLedger ledger;
    private final LoadCounters load;
    private final InputFetcher fetcher;
    private final InstantSource clock;
    private final Supplier<FaultProfile> faults;
    private final OutputRenderer renderer;
    private final String filesBaseUrl;
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final AtomicLong pollDraws = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger peakOpenStreams = new AtomicInteger();

    public SimIntake(SimulatorConfig config, SimRequestStore store, SubmissionLedger ledger, LoadCounters load,
                     InputFetcher fetcher, InstantSource clock, Supplier<FaultProfile> faults, String filesBaseUrl) {
        this.config = config;
        this.store = store;
        this.ledger = ledger;
        this.load = load;
        this.fetcher = fetcher;
        this.clock = clock;
        this.faults = faults;
        this.renderer = OutputRenderer.forThisJvm(store);
        this.filesBaseUrl = filesBaseUrl;
        for (SimRequest request : store.inSubmissionOrder()) {
            schedule(request.vendor()).replay(request);
            ledger.record(request.vendor(), request.bodySha256(), request.params().prompt());
            // what an earlier life of the simulator took and has not finished is held from now on
            long now = clock.millis();
            SimRequest.Phase phase = request.phaseAt(now);
            if (phase == SimRequest.Phase.IN_QUEUE || phase == SimRequest.Phase.IN_PROGRESS)
                load.taskAccepted(request.vendor(), request.id(), now, request.finishAt());
        }
    }

    /** Rolls the dice for one submission of {@code body} to {@code vendor}. */
    public Admission admit(String vendor, byte[] body) throws IOException {
        load.requestWas(vendor, LoadCounters.Kind.SUBMIT);
        String bodySha256 = sha256Hex(body);
        long bodyBits = Long.parseUnsignedLong(bodySha256.substring(0, 16), 16);
        // The attempt number makes a retried submit of the same body roll new dice, yet the whole
        // sequence of outcomes stays repeatable for a given seed.
        long seed = config.seed() * 0x9E3779B97F4A7C15L ^ bodyBits ^ (store.nextAttempt(bodySha256) * 0xC2B2AE3D27D4EB4FL);
        return new Admission(vendor, bodySha256, seed, faults.get().forVendor(vendor).decide(seed));
    }

    /**
     * Fetches the inputs, queues, persists and counts the submissions: from here on they are paid. A
     * batch ({@code group}) is all or nothing, as one paid call: every entry's inputs are fetched before
     * any is recorded, so a bad input refuses the whole batch without paying for its other rows.
     */
    public List<SimRequest> accept(List<Entry> entries, String group)
            throws IOException, InterruptedException, InputRejected {
        List<String> ids = new ArrayList<>();
        int image = 0;
        try {
            for (Entry entry : entries) {
                ids.add(UUID.randomUUID().toString());
                for (image = 0; image < entry.params().imageUrls().size(); image++)
                    fetcher.fetch(entry.params().imageUrls().get(image), store.inputFile(ids.getLast(), image));
            }
        } catch (InputFetcher.InputProblem problem) {
            for (String id : ids) deleteInputs(store.inputFile(id, 0).getParent());
            throw new InputRejected(image, problem);
        }
        List<SimRequest> accepted = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) accepted.add(record(entries.get(i), ids.get(i), group));
        return accepted;
    }

    private SimRequest record(Entry entry, String id, String group) throws IOException {
        Admission admission = entry.admission();
        if (admission.refused()) throw new IllegalStateException("a refused submission cannot be accepted");
        long now = clock.millis();
        long seed = admission.seed();
        // seed + 1, + 2: the latency draws must not repeat the fault draws taken from the same seed.
        long queueDelay = admission.decision().slowQueue() ? 5 * config.latency().sample(seed + 2).toMillis() : 0;
        Schedule.Slot slot = schedule(admission.vendor())
                .admit(now + queueDelay, config.latency().sample(seed + 1).toMillis());
        EditParams params = entry.params();
        SimRequest request = new SimRequest(id, admission.vendor(), slot.sequence(), admission.bodySha256(),
                params.withAbbreviatedImageUrls(), params.imageUrls().size(), now, slot.startAt(), slot.finishAt(),
                admission.decision().outcome(), null, entry.clientRef(), group);
        store.add(request);
        ledger.record(admission.vendor(), admission.bodySha256(), params.prompt());
        load.taskAccepted(admission.vendor(), id, now, slot.startAt(), slot.finishAt());
        return request;
    }

    /** Cancels a request the vendor holds ({@link SimRequestStore#cancel}); a cancelled one is no longer held. */
    public Optional<SimRequestStore.Cancellation> cancel(String id, long now) {
        Optional<SimRequestStore.Cancellation> cancellation = store.cancel(id, now);
        cancellation.ifPresent(c -> load.requestWas(c.request().vendor(), LoadCounters.Kind.CANCEL));
        cancellation.filter(SimRequestStore.Cancellation::cancelled)
                .ifPresent(c -> load.taskEnded(c.request().vendor(), id, now));
        return cancellation;
    }

    /** The fault one status call to {@code vendor} suffers, or null. */
    public FaultProfile.Fault pollFault(String vendor) {
        load.requestWas(vendor, LoadCounters.Kind.STATUS);
        return faults.get().forVendor(vendor).pollFault(config.seed() * 31 + pollDraws.incrementAndGet());
    }

    /** A status stream has opened (fal's {@code …/status/stream}); it counts as one request all the same. */
    public void streamOpened() {
        peakOpenStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
    }

    /** A status stream has ended: the task finished, or its client went away. */
    public void streamClosed() {
        openStreams.decrementAndGet();
    }

    /** Status streams open now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** The most status streams open at once since the simulator started. */
    public int peakOpenStreams() {
        return peakOpenStreams.get();
    }

    /** Keeps the client waiting past any sensible timeout ({@code *-timeout} faults). */
    public void hang() throws InterruptedException {
        Thread.sleep(config.hang());
    }

    /** For synchronous protocols: returns once the request has run its course. */
    public void awaitFinish(SimRequest request) throws InterruptedException {
        long wait = request.finishAt() - clock.millis();
        if (wait > 0) Thread.sleep(wait);
    }

    public long now() {
        return clock.millis();
    }

    public SimRequestStore store() {
        return store;
    }

    public LoadCounters load() {
        return load;
    }

    /** Requests of the same vendor accepted earlier and still waiting for a slot. */
    public int queuedAhead(SimRequest request) {
        return store.queuedAhead(request, clock.millis());
    }

    /** Renders a request's outputs on first use; only for requests that {@link SimRequest#producesImages()}. */
    public OutputRenderer renderer() {
        return renderer;
    }

    /** Where output {@code n} is served (410 once expired): the stand-in for the vendor's CDN. */
    public String fileUrl(SimRequest request, int n) {
        return filesBaseUrl + "/" + request.id() + "/" + n + "." + request.params().outputFormat();
    }

    private Schedule schedule(String vendor) {
        return schedules.computeIfAbsent(vendor, v -> new Schedule(config.concurrency()));
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK ships SHA-256", e);
        }
    }

    private static void deleteInputs(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }
}
