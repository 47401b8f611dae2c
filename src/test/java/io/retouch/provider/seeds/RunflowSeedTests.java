package io.retouch.provider.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runflow against its own page: {@code POST /v1/run/google/nano-banana-pro/edit} with a flat body,
 * answered synchronously. The page's three examples (curl, Python, JavaScript) leave out the
 * required {@code image_urls}, so the body must carry each example field as given plus only fields
 * the page's Input Schema names.
 */
class RunflowSeedTests {

    private static final SeedPage PAGE = SeedPage.of("Runflow");
    private static final SeedPage.Example EXAMPLE = PAGE.curl();
    private static final Map<String, SeedPage.Field> FIELDS = PAGE.headingFields();
    /** The page shows no input image; any fetchable URL stands in for the required image_urls. */
    private static final List<String> IMAGES = List.of("https://example.com/runflow-input.png");

    /** The example's edit; what it leaves out takes the page's documented defaults. */
    private static EditRequest request() {
        return new EditRequest(EXAMPLE.body().get("prompt").stringValue(), IMAGES,
                FIELDS.get("aspect_ratio").defaultValue(), FIELDS.get("resolution").defaultValue(),
                EXAMPLE.body().get("output_format").stringValue(), Integer.parseInt(FIELDS.get("num_images").defaultValue()), null);
    }

    @Test
    void thePagesThreeExamplesMakeTheSameRequest() {
        for (SeedPage.Example other : List.of(PAGE.python(), PAGE.javascript())) {
            assertThat(other.method()).as(other.source()).isEqualTo(EXAMPLE.method());
            assertThat(other.url()).as(other.source()).isEqualTo(EXAMPLE.url());
            assertThat(other.authScheme()).as(other.source()).isEqualTo(EXAMPLE.authScheme());
            SeedPage.assertSameFields(EXAMPLE, other.body());
        }
    }

    @Test
    void submitSendsThePagesExampleFlat() {
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("runflow")) {
            adapter.submit(request(), "attempt-1");

            SeedPage.assertSentWithin(EXAMPLE, server.only(), FIELDS);
            assertThat(SeedPage.strings(server.only().json().get("image_urls"))).isEqualTo(IMAGES);
        }
    }

    /**
     * The page shows no answer, but every example reads {@code images[0].url} straight from the
     * POST's answer: that answer, fal-shaped {@code {images:[{url}]}}, is built from what the
     * examples read (the URL itself is ours). It is the result: poll and collect make no call.
     */
    @Test
    void collectsTheImagesOfTheSynchronousAnswer() {
        List<List<String>> reads = PAGE.answerReads();
        assertThat(reads).as("what the Python and JavaScript examples read").hasSize(2).containsOnly(reads.getFirst());
        String url = "https://example.com/runflow-output.png";
        JsonNode answer = SeedPage.answerWith(reads.getFirst(), url);
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("runflow")) {
            server.answer(EXAMPLE.path(), 200, answer.toString());

            SubmitOutcome submitted = adapter.submit(request(), "attempt-1");
            assertThat(submitted).isInstanceOf(SubmitOutcome.Accepted.class);
            String id = ((SubmitOutcome.Accepted) submitted).vendorRequestId();
            assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Finished.class);
            assertThat(adapter.collect(id)).isInstanceOfSatisfying(CollectOutcome.Outputs.class,
                    outputs -> assertThat(outputs.outputs()).extracting(OutputRef::url).containsExactly(url));
            assertThat(server.requests()).as("only the POST: the answer is the result").hasSize(1);
        }
    }
}
