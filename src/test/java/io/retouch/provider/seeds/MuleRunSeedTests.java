package io.retouch.provider.seeds;

import static io.retouch.provider.seeds.SeedPage.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.EditRequest;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorAdapter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** MuleRun against its own page: the curl example is the whole request, the 202 task_info its answer. */
class MuleRunSeedTests {

    private static final SeedPage PAGE = SeedPage.of("MuleRun");
    private static final SeedPage.Example EXAMPLE = PAGE.curl();

    /** The example's edit. MuleRun has neither output_format nor num_images: png, one image. */
    private static EditRequest request() {
        JsonNode body = EXAMPLE.body();
        return new EditRequest(body.get("prompt").stringValue(), strings(body.get("images")),
                body.get("aspect_ratio").stringValue(), body.get("resolution").stringValue(), "png", 1, null);
    }

    @Test
    void submitSendsThePagesCurlExample() {
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("mulerun")) {
            adapter.submit(request(), "attempt-1");

            SeedPage.assertSentExactly(EXAMPLE, server.only());
            assertThat(PAGE.bodySectionFields()).containsKeys(EXAMPLE.body().propertyNames().toArray(String[]::new));
        }
    }

    @Test
    void readsTheTaskIdFromThePagesAnswer() {
        JsonNode answer = PAGE.answerAfterCurl();
        int status = Integer.parseInt(PAGE.group("\\nResponse\\n\\n(\\d{3}) - application/json"));
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("mulerun")) {
            server.answer(EXAMPLE.path(), status, answer.toString());

            assertThat(adapter.submit(request(), "attempt-1")).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                    accepted -> assertThat(accepted.vendorRequestId()).isEqualTo(answer.get("task_info").get("id").stringValue()));
        }
    }
}
