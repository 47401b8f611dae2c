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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * AIMLAPI against its own page: {@code POST /v1/images/generations}, answered synchronously with
 * {@code data[].url}. The page's Python and JavaScript examples are both complete requests; they
 * differ in {@code aspect_ratio} (16:9 vs 1:1), so each is checked as its own edit.
 */
class AimlapiSeedTests {

    private static final SeedPage PAGE = SeedPage.of("AIMLAPI");
    private static final Map<String, SeedPage.Field> FIELDS =
            PAGE.openApiFields("## POST /v1/images/generations", "/v1/images/generations");

    private static SeedPage.Example example(String language) {
        return language.equals("Python") ? PAGE.python() : PAGE.javascript();
    }

    /**
     * The example's edit; num_images, which the examples leave out, at the page's default. The page
     * has no output_format field: png, the content type of its example answer.
     */
    private static EditRequest request(SeedPage.Example example) {
        JsonNode body = example.body();
        return new EditRequest(body.get("prompt").stringValue(), strings(body.get("image_urls")),
                body.get("aspect_ratio").stringValue(), body.get("resolution").stringValue(), "png",
                Integer.parseInt(FIELDS.get("num_images").defaultValue()), null);
    }

    @ParameterizedTest(name = "{0} example")
    @ValueSource(strings = {"Python", "JavaScript"})
    void submitSendsThePagesExample(String language) {
        SeedPage.Example example = example(language);
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("aimlapi")) {
            adapter.submit(request(example), "attempt-1");

            SeedPage.assertSentExactly(example, server.only());
            assertThat(FIELDS).containsKeys(example.body().propertyNames().toArray(String[]::new));
        }
    }

    @Test
    void collectsTheImagesOfThePagesAnswer() {
        SeedPage.Example example = PAGE.python();
        JsonNode answer = PAGE.jsonBlockAfter("<summary>Response</summary>");
        try (var server = new RecordingServer(); VendorAdapter adapter = server.open("aimlapi")) {
            server.answer(example.path(), 200, answer.toString());

            SubmitOutcome submitted = adapter.submit(request(example), "attempt-1");
            assertThat(submitted).isInstanceOf(SubmitOutcome.Accepted.class);
            String id = ((SubmitOutcome.Accepted) submitted).vendorRequestId();
            assertThat(adapter.poll(id)).isInstanceOf(PollOutcome.Finished.class);
            assertThat(adapter.collect(id)).isInstanceOfSatisfying(CollectOutcome.Outputs.class,
                    outputs -> assertThat(outputs.outputs()).extracting(OutputRef::url)
                            .containsExactlyElementsOf(answer.get("data").values().stream().map(d -> d.get("url").stringValue()).toList()));
        }
    }
}
