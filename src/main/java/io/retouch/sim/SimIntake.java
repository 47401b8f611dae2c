package io.retouch.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

        /** A submit fault that refuses the submission (nothing paid), or null. */
        public FaultProfile.Fault refusal() {
            return decision.refused() ? decision.submitFault() : null;
        }

        public boolean refused() {
            return decision.refused();
        }

        /** The paid submission's answer arrives after the client gave up. */
        public boolean answersLate() {
            return decision.submitFault() == FaultProfile.Fault.SUBMIT_TIMEOUT;
        }

        /** The paid submission's answer is not JSON. */
        public boolean answersGarbled() {
            return decision.submitFault() == FaultProfile.Fault.SUBMIT_MALFORMED;
        }
    }

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
    private final InputFetcher fetcher;
    private final InstantSource clock;
    private final Supplier<FaultProfile> faults;
    private final OutputRenderer renderer;
    private final String filesBaseUrl;
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final AtomicLong pollDraws = new AtomicLong();

    public SimIntake(SimulatorConfig config, SimRequestStore store, SubmissionLedger ledger, InputFetcher fetcher,
                     InstantSource clock, Supplier<FaultProfile> faults, String filesBaseUrl) {
        this.config = config;
        this.store = store;
        this.ledger = ledger;
        this.fetcher = fetcher;
        this.clock = clock;
        this.faults = faults;
        this.renderer = new OutputRenderer(store);
        this.filesBaseUrl = filesBaseUrl;
        for (SimRequest request : store.inSubmissionOrder()) {
            schedule(request.vendor()).replay(request);
            ledger.record(request.vendor(), request.bodySha256(), request.params().prompt());
        }
    }

    /** Rolls the dice for one submission of {@code body} to {@code vendor}. */
    public Admission admit(String vendor, byte[] body) throws IOException {
        String bodySha256 = sha256Hex(body);
        // The attempt number makes a retried submit of the same body roll new dice, yet the whole
        // sequence of outcomes stays repeatable for a given seed.
        long seed = submissionSeed(config.seed(), bodySha256, store.nextAttempt(bodySha256));
        return new Admission(vendor, bodySha256, seed, faults.get().forVendor(vendor).decide(seed));
    }

    /** Fetches the inputs, queues, persists and counts the submission: from here on it is paid. */
    public SimRequest accept(Admission admission, EditParams params, String clientRef, String group)
            throws IOException, InterruptedException, InputRejected {
        return record(admission, fetchInputs(params), params, clientRef, group);
    }

    /** One row of a batch: its own admission (its own fate), its parameters and its key. */
    public record Entry(Admission admission, EditParams params, String clientRef) {
    }

    /**
     * A batch is all or nothing, as one paid call: every row's inputs are fetched before any row is
     * recorded, so a bad input refuses the whole batch without paying for its other rows.
     */
    public List<SimRequest> acceptAll(List<Entry> entries, String group) throws IOException, InterruptedException, InputRejected {
        List<String> ids = new java.util.ArrayList<>();
        try {
            for (Entry entry : entries) ids.add(fetchInputs(entry.params()));
        } catch (InputRejected rejected) {
            for (String id : ids) deleteInputs(store.inputFile(id, 0).getParent());
            throw rejected;
        }
        List<SimRequest> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            accepted.add(record(entry.admission(), ids.get(i), entry.params(), entry.clientRef(), group));
        }
        return accepted;
    }

    /** Downloads the inputs under a new request id; nothing is recorded yet. */
    private String fetchInputs(EditParams params) throws IOException, InterruptedException, InputRejected {
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < params.imageUrls().size(); i++) {
            try {
                fetcher.fetch(params.imageUrls().get(i), store.inputFile(id, i));
            } catch (InputFetcher.InputProblem problem) {
                deleteInputs(store.inputFile(id, 0).getParent());
                throw new InputRejected(i, problem);
            }
        }
        return id;
    }

    private SimRequest record(Admission admission, String id, EditParams params, String clientRef, String group)
            throws IOException {
        if (admission.refused()) throw new IllegalStateException("a refused submission cannot be accepted");
        long now = clock.millis();
        long seed = admission.seed();
        // seed + 1, + 2: the latency draws must not repeat the fault draws taken from the same seed.
        long queueDelay = admission.decision().slowQueue() ? 5 * config.latency().sample(seed + 2).toMillis() : 0;
        Schedule.Slot slot = schedule(admission.vendor())
                .admit(now + queueDelay, config.latency().sample(seed + 1).toMillis());
        SimRequest request = new SimRequest(id, admission.vendor(), slot.sequence(), admission.bodySha256(),
                params.withAbbreviatedImageUrls(), params.imageUrls().size(), now, slot.startAt(), slot.finishAt(),
                admission.decision().outcome(), null, clientRef, group);
        store.add(request);
        ledger.record(admission.vendor(), admission.bodySha256(), params.prompt());
        return request;
    }

    /** The fault one status call to {@code vendor} suffers, or null. */
    public FaultProfile.Fault pollFault(String vendor) {
        return faults.get().forVendor(vendor).pollFault(config.seed() * 31 + pollDraws.incrementAndGet());
    }

    /**
     * Plays a paid submission's answer fault before the protocol answers: {@code submit-timeout}
     * keeps the client waiting past its timeout; {@code submit-malformed} answers a cut-off body with
     * {@code status} and returns true — the protocol then sends nothing more.
     */
    public boolean answeredBadly(Admission admission, com.sun.net.httpserver.HttpExchange exchange, int status)
            throws IOException, InterruptedException {
        if (admission.answersLate()) hang();
        if (!admission.answersGarbled()) return false;
        HttpReplies.garbled(exchange, status);
        return true;
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

    public Optional<SimRequest> find(String id) {
        return store.find(id);
    }

    /** Requests of one batch (or any {@code group}), in submission order. */
    public List<SimRequest> group(String group) {
        return store.inGroup(group);
    }

    public long now() {
        return clock.millis();
    }

    public SimRequestStore store() {
        return store;
    }

    /** Requests of the same vendor accepted earlier and still waiting for a slot. */
    public int queuedAhead(SimRequest request) {
        return store.queuedAhead(request, clock.millis());
    }

    /** The request's outputs, rendered on first use; only for requests that {@link SimRequest#producesImages()}. */
    public List<OutputRenderer.OutputFile> outputs(SimRequest request) throws IOException, InterruptedException {
        return renderer.outputs(request);
    }

    /**
     * The request's outputs as fal lists them ({@code images[{url,content_type,file_name,file_size,width,height}]}),
     * the shape Runflow's run endpoint answers too.
     */
    public java.util.List<java.util.Map<String, Object>> imageList(SimRequest request) throws IOException, InterruptedException {
        java.util.List<java.util.Map<String, Object>> images = new java.util.ArrayList<>();
        java.util.List<OutputRenderer.OutputFile> files = outputs(request);
        for (int n = 0; n < files.size(); n++) {
            OutputRenderer.OutputFile file = files.get(n);
            java.util.Map<String, Object> image = new java.util.LinkedHashMap<>();
            image.put("url", fileUrl(request, n));
            image.put("content_type", file.contentType());
            image.put("file_name", "nano-banana-pro-edit-" + n + "." + request.params().outputFormat());
            image.put("file_size", file.size());
            image.put("width", file.width());
            image.put("height", file.height());
            images.add(image);
        }
        return images;
    }

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

    public static long submissionSeed(long configSeed, String bodySha256, int attempt) {
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
