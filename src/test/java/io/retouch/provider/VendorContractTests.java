package io.retouch.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.retouch.sim.FaultProfile;
import io.retouch.sim.LatencyModel;
import io.retouch.sim.Simulator;
import io.retouch.sim.SimulatorConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract every vendor adapter passes against the simulator, over real HTTP (DESIGN §7, after
 * JobRunr's storage contract tests): the happy path, each error class, expired outputs, malformed
 * answers, timeouts, and the exact submit body (golden file per vendor, checked by hand against
 * the field tables of vendors.md). A vendor's subclass names its {@link VendorDefinition} and, where
 * the vendor differs (synchronous, inline outputs, no Retry-After), says so through the hooks.
 */
public abstract class VendorContractTests {

    /** The attempt id every golden body is made with. */
    protected static final String GOLDEN_ATTEMPT = "00000000-0000-4000-8000-000000000001";
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path stateDir;

    protected Simulator sim;
    protected ContractFixtures fixtures;
    protected VendorAdapter adapter;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The vendor under test. */
    protected abstract VendorDefinition definition();

    /** Variables besides the key, e.g. a batch window for Gemini Batch. */
    protected Map<String, String> extraEnv() {
        return Map.of();
    }

    /** False for vendors whose outputs arrive inline (base64), which cannot expire. */
    protected boolean outputsAreUrls() {
        return true;
    }

    /** False for synchronous vendors: the result comes back on the submit, nothing is polled over HTTP. */
    protected boolean pollsOverHttp() {
        return true;
    }

    /**
     * True for synchronous vendors that report a failed or blocked edit as the submit's own error
     * answer: the test then expects a refused submit of that class instead of a task that fails later.
     */
    protected boolean failuresAtSubmit() {
        return false;
    }

    /** Whether the vendor's 429 carries {@code Retry-After} under {@code submit-429-retry-after}. */
    protected boolean sendsRetryAfter() {
        return true;
    }

    /** The edit every test sends; override where the vendor cannot serve it. */
    protected EditRequest request(String inputUrl, String prompt) {
        Capabilities caps = definition().capabilities();
        String format = caps.outputFormats().contains("png") ? "png" : caps.outputFormats().iterator().next();
        return new EditRequest(prompt, java.util.List.of(inputUrl), "1:1", "1K", format, 1, null);
    }

    /** The edit the golden body is made from: every field the vendor takes, set away from its default. */
    protected EditRequest goldenRequest(String inputUrl) {
        Capabilities caps = definition().capabilities();
        String format = caps.outputFormats().contains("jpeg") ? "jpeg" : caps.outputFormats().iterator().next();
        return new EditRequest("Turn the jacket red", java.util.List.of(inputUrl), "16:9", "2K", format,
                1, caps.seed() ? 7L : null);
    }

    @BeforeEach
    void startSimulator() throws IOException {
        sim = Simulator.start(new SimulatorConfig(0, stateDir, LatencyModel.parse("fixed:300ms"), 4,
                FaultProfile.none(), 42, Duration.ofSeconds(4)));
        fixtures = new ContractFixtures();
        adapter = open(sim.vendorBaseUrl(definition().name()));
    }

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (fixtures != null) fixtures.close();
        if (sim != null) sim.close();
    }

    protected VendorAdapter open(URI baseUrl) {
        Map<String, String> env = new HashMap<>(extraEnv());
        env.put(definition().credentialVariables().getFirst(), "contract-test-key");
        return definition().open(new VendorDefinition.Connection(baseUrl, env, REQUEST_TIMEOUT));
    }

    protected void faults(String profile) {
        sim.setFaults(definition().name() + ": " + profile);
    }

    private int paid() {
        return sim.ledger().countsByVendor().getOrDefault(definition().name(), 0);
    }

    @Test
    void anEditGoesFromSubmitToImages() throws Exception {
        String id = accepted(submit("a red jacket"));
        awaitFinished(id);
        CollectOutcome collected = adapter.collect(id);
        assertThat(collected).as("collect").isInstanceOf(CollectOutcome.Outputs.class);
        var outputs = ((CollectOutcome.Outputs) collected).outputs();
        assertThat(outputs).hasSize(1);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(download(outputs.getFirst().url()).body()));
        assertThat(image).as("output decodes as an image").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(paid()).isEqualTo(1);
        assertThat(collected.call().operation()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"submit-5xx, RETRYABLE", "submit-429, RATE_LIMITED", "submit-429-retry-after, RATE_LIMITED",
            "out-of-credit, OUT_OF_CREDIT", "unauthorized, UNAUTHORIZED"})
    void aRefusedSubmitIsClassifiedAndUnpaid(String fault, ErrorClass expected) {
        faults(fault + "=1");
        SubmitOutcome outcome = submit("refused " + fault);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        VendorError error = ((SubmitOutcome.Refused) outcome).error();
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.message()).as("the vendor's own message").isNotBlank();
        if (fault.equals("submit-429-retry-after") && sendsRetryAfter()) assertThat(error.retryAfter()).isNotNull();
        assertThat(paid()).isZero();
    }

    @Test
    void anInputTheVendorCannotFetchIsAnInvalidRequest() {
        SubmitOutcome outcome = adapter.submit(request(fixtures.missingInputUrl(), "missing input"), attempt());
        assertThat(outcome).isInstanceOf(SubmitOutcome.Refused.class);
        assertThat(((SubmitOutcome.Refused) outcome).error().errorClass()).isEqualTo(ErrorClass.INVALID_REQUEST);
        assertThat(paid()).isZero();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"content-blocked, CONTENT_BLOCKED", "task-failed, VENDOR_TASK_FAILED"})
    void aTaskThatFailsAtTheVendorEndsWithItsClassAndTheVendorsCode(String fault, ErrorClass expected) {
        faults(fault + "=1");
        SubmitOutcome submitted = submit("failing " + fault);
        VendorError error = failuresAtSubmit() && submitted instanceof SubmitOutcome.Refused r ? r.error()
                : settleToError(accepted(submitted));
        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.message()).isNotBlank();
        assertThat(error.vendorCode()).as("the vendor's own code").isNotBlank();
    }

    @Test
    void expiredOutputsAreListedButNoLongerServed() throws Exception {
        assumeTrue(outputsAreUrls(), "outputs arrive inline");
        faults("expired-output=1");
        String id = accepted(submit("expired"));
        awaitFinished(id);
        CollectOutcome collected = adapter.collect(id);
        assertThat(collected).isInstanceOf(CollectOutcome.Outputs.class);
        int status = download(((CollectOutcome.Outputs) collected).outputs().getFirst().url()).statusCode();
        assertThat(status).isIn(403, 404, 410);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"poll-5xx, RETRYABLE", "poll-429, RATE_LIMITED", "poll-malformed, RETRYABLE", "poll-timeout, RETRYABLE"})
    void aBadPollLeavesTheTaskAlone(String fault, ErrorClass expected) {
        assumeTrue(pollsOverHttp(), "nothing is polled over HTTP");
        String id = accepted(submit("poll trouble " + fault));
        faults(fault + "=1");
        PollOutcome outcome = adapter.poll(id);
        assertThat(outcome).isInstanceOf(PollOutcome.Unavailable.class);
        assertThat(((PollOutcome.Unavailable) outcome).error().errorClass()).isEqualTo(expected);
        faults("none");
        awaitFinished(id);
        assertThat(adapter.collect(id)).isInstanceOf(CollectOutcome.Outputs.class);
    }

    @ParameterizedTest
    @CsvSource({"submit-timeout", "submit-malformed"})
    void aPaidSubmitWithoutATrustworthyAnswerIsInDoubt(String fault) {
        faults(fault + "=1");
        SubmitOutcome outcome = submit("in doubt " + fault);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
        assertThat(((SubmitOutcome.Unknown) outcome).reason()).isNotBlank();
        assertThat(paid()).as("the vendor did take it").isEqualTo(1);
    }

    @Test
    void aSlowQueueIsReportedAsQueued() {
        assumeTrue(pollsOverHttp(), "nothing is polled over HTTP");
        faults("slow-queue=1");
        String id = accepted(submit("slow queue"));
        assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Queued.class);
    }

    @Test
    void aTaskTheVendorDoesNotKnowIsAVerdictNotAnOutage() {
        PollOutcome outcome = adapter.poll(unknownId());
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
    }

    /** An id the vendor never issued, in the vendor's id format. */
    protected String unknownId() {
        return "00000000-0000-4000-8000-00000000dead";
    }

    @Test
    void cancelIsBestEffortAndRecorded() {
        String id = accepted(submit("to cancel"));
        VendorCall call = adapter.cancel(id);
        assertThat(call).isNotNull();
        assertThat(call.operation()).isNotBlank();
    }

    @Test
    void theSubmitBodyMatchesTheGoldenFile() throws Exception {
        try (VendorAdapter toFixture = open(URI.create(fixtures.baseUrl()))) {
            toFixture.submit(goldenRequest(fixtures.inputUrl()), GOLDEN_ATTEMPT);
        }
        assertThat(fixtures.posts()).as("POSTs the adapter made").isNotEmpty();
        ContractFixtures.Post post = fixtures.posts().getFirst();
        assertThat(post.contentType()).startsWith("application/json");
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + definition().name() + "/submit.json")) {
            assertThat(in).as("golden file /golden/" + definition().name() + "/submit.json").isNotNull();
            golden = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        JsonNode expected = JSON.readTree(golden.replace("{input}", fixtures.inputUrl()));
        assertThat(JSON.readTree(post.body())).isEqualTo(expected);
    }

    // --- helpers ---

    protected String attempt() {
        return java.util.UUID.randomUUID().toString();
    }

    protected SubmitOutcome submit(String prompt) {
        return adapter.submit(request(fixtures.inputUrl(), prompt), attempt());
    }

    protected static String accepted(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Accepted a) return a.vendorRequestId();
        return fail("expected Accepted, got " + outcome);
    }

    /** Polls until the vendor says finished; fails on anything final that is not. */
    protected void awaitFinished(String id) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            PollOutcome outcome = adapter.poll(id);
            if (outcome instanceof PollOutcome.Finished) return;
            if (outcome instanceof PollOutcome.Failed f) fail("task failed: " + f.error());
            sleep(100);
        }
        fail("task " + id + " did not finish in 20 s");
    }

    /** The final error of a task that must fail, whether the vendor says so at poll or at collect. */
    protected VendorError settleToError(String id) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            PollOutcome outcome = adapter.poll(id);
            if (outcome instanceof PollOutcome.Failed f) return f.error();
            if (outcome instanceof PollOutcome.Finished) {
                CollectOutcome collected = adapter.collect(id);
                if (collected instanceof CollectOutcome.Failed f) return f.error();
                return fail("expected the task to fail, collect gave " + collected);
            }
            sleep(100);
        }
        return fail("task " + id + " did not settle in 20 s");
    }

    protected HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        if (url.startsWith("data:")) {
            byte[] bytes = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
            return new DataResponse(url, bytes);
        }
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code data:} URL "downloaded": always 200. */
    private record DataResponse(String url, byte[] body) implements HttpResponse<byte[]> {
        public int statusCode() { return 200; }
        public HttpRequest request() { return HttpRequest.newBuilder(URI.create("http://inline/")).build(); }
        public java.util.Optional<HttpResponse<byte[]>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return URI.create("http://inline/"); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
