package io.retouch.provider.seeds;

import static io.retouch.provider.seeds.SeedPage.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.CollectOutcome;
import io.retouch.provider.EditRequest;
import io.retouch.provider.OutputRef;
import io.retouch.provider.PollOutcome;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fal against its own page: the body is the page's "Full Example", sent as its curl example sends
 * ({@code POST /fal-ai/nano-banana-pro/edit}, {@code Authorization: Key}); the queue host takes the
 * same path (vendors.md §1.1). The result is the page's "Example Response", reached through the
 * queue, whose status and result URLs drop the {@code /edit} sub-path (vendors.md §1).
 */
class FalSeedTests {

    private static final SeedPage PAGE = SeedPage.of("fal.ai");
    private static final SeedPage.Example CURL = PAGE.curl();
    private static final SeedPage.Example FULL = CURL.withBody(PAGE.name() + " Full Example", PAGE.jsonBlockAfter("**Full Example**:"));
    private static final Map<String, SeedPage.Field> FIELDS = PAGE.bulletFields();

    private static EditRequest request() {
        JsonNode body = FULL.body();
        return new EditRequest(body.get("prompt").stringValue(), strings(body.get("image_urls")),
                body.get("aspect_ratio").stringValue(), body.get("resolution").stringValue(),
                body.get("output_format").stringValue(), body.get("num_images").intValue(), null);
    }

    @Test
    void theFullExampleIsTheCurlExampleWithDocumentedFieldsAdded() {
        SeedPage.assertExampleFieldsWithin(CURL, FULL.body(), FIELDS);
    }

    @Test
    void submitSendsTheFullExample() {
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("fal")) {
            adapter.submit(request(), "attempt-1");

            SeedPage.assertSentExactly(FULL, server.only());
        }
    }

    @Test
    void collectsThePagesExampleResponseThroughTheQueue() {
        ObjectNode result = PAGE.jsonBlockAfter("**Example Response**:");
        // The page shows no queue answers: fal's queue submit answers a request_id (all fal-js reads,
        // vendors.md §1.4) and the status endpoint COMPLETED.
        String requestId = "0b9e2d4c-5a61-4f3e-8c7d-2e1f0a9b8c7d";
        String requests = CURL.path().substring(0, CURL.path().lastIndexOf('/')) + "/requests/" + requestId;
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("fal")) {
            server.answer(CURL.path(), 200, "{\"request_id\":\"" + requestId + "\"}")
                    .answer(requests + "/status", 200, "{\"status\":\"COMPLETED\"}")
                    .answer(requests, 200, result.toString());

            assertThat(adapter.submit(request(), "attempt-1")).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                    accepted -> assertThat(accepted.vendorRequestId()).isEqualTo(requestId));
            assertThat(adapter.poll(requestId)).isInstanceOf(PollOutcome.Finished.class);
            assertThat(adapter.collect(requestId)).isInstanceOfSatisfying(CollectOutcome.Outputs.class,
                    outputs -> assertThat(outputs.outputs()).extracting(OutputRef::url)
                            .containsExactlyElementsOf(result.get("images").values().stream().map(i -> i.get("url").stringValue()).toList()));
        }
    }
}
