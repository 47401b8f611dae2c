package io.retouch.provider.seeds;

import static io.retouch.provider.seeds.SeedPage.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.EditRequest;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** SinanCode against its own page: {@code /v1/generate/k/nano-banana-edit}, the heredoc body, the {@code {task_id}} answer. */
class SinanCodeSeedTests {

    private static final SeedPage PAGE = SeedPage.of("SinanCode");
    private static final SeedPage.Example EXAMPLE = PAGE.curl();

    /**
     * The example's edit: {@code image_size} is the aspect ratio. The page has no resolution field
     * (its model is the original Nano Banana, 1K) and no num_images: 1K, one image.
     */
    private static EditRequest request() {
        JsonNode body = EXAMPLE.body();
        return new EditRequest(body.get("prompt").stringValue(), strings(body.get("image_urls")),
                body.get("image_size").stringValue(), "1K", body.get("output_format").stringValue(), 1, null);
    }

    @Test
    void submitSendsThePagesCurlExample() {
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("sinancode")) {
            adapter.submit(request(), "attempt-1");

            SeedPage.assertSentExactly(EXAMPLE, server.only());
            assertThat(PAGE.bodySectionFields()).containsKeys(EXAMPLE.body().propertyNames().toArray(String[]::new));
        }
    }

    /** The answer's task_id is the vendor id, and the task is then polled at GET /v1/tasks/{id} (vendors.md §4.3; the page stops at the submit). */
    @Test
    void readsTheTaskIdFromThePagesAnswerAndPollsThatTask() {
        JsonNode answer = PAGE.answerAfterCurl();
        String taskId = answer.get("task_id").stringValue();
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("sinancode")) {
            server.answer(EXAMPLE.path(), 200, answer.toString());

            assertThat(adapter.submit(request(), "attempt-1")).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                    accepted -> assertThat(accepted.vendorRequestId()).isEqualTo(taskId));
            adapter.poll(taskId);
            RecordingServer.Request poll = server.requests().getLast();
            assertThat(poll.method() + " " + poll.path()).isEqualTo("GET /v1/tasks/" + taskId);
            assertThat(poll.header("Authorization")).isEqualTo(EXAMPLE.authScheme() + " " + RecordingServer.KEY);
        }
    }
}
