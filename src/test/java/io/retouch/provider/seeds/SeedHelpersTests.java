package io.retouch.provider.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The helpers fail when they should, so a broken extractor, comparison or server cannot hide drift. */
class SeedHelpersTests {

    private static final SeedPage MULERUN = SeedPage.of("MuleRun");

    // ---- extraction ----

    @Test
    void aChangeInThePagesExampleChangesWhatIsExtracted() {
        SeedPage changed = edit(MULERUN, "\"aspect_ratio\": \"5:4\"", "\"aspect_ratio\": \"4:3\"");

        assertThatThrownBy(() -> SeedPage.assertSameFields(MULERUN.curl(), changed.curl().body()))
                .hasMessageContaining("aspect_ratio: page \"5:4\", sent \"4:3\"");
    }

    @Test
    void anExampleThatIsNotValidJsonFailsLoudly() {
        SeedPage trailingComma = edit(MULERUN, "\"resolution\": \"2K\"\n}", "\"resolution\": \"2K\",\n}");

        assertThatThrownBy(trailingComma::curl).hasMessageContaining(MULERUN.name()).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> new SeedPage("page", "no examples here").python()).hasMessageContaining("no Python requests call");
    }

    @Test
    void pythonAndJavaScriptLiteralsBecomeJson() {
        SeedPage page = new SeedPage("page", """
                requests.post("https://h.example/v1/x", headers={"Authorization": "Key k"},
                    json={'a': [1, 2,], "b": True, "c": None, "d": "it's # kept", "e": "True",},  # a comment
                )
                fetch('https://h.example/v1/y', { method: 'put', headers: { 'Authorization': 'Bearer k' },
                    body: JSON.stringify({ a: [1, 2,], b: true, c: null, d: "it's // kept", e: 'True', }) })
                """);

        assertThat(page.python().body()).isEqualTo(SeedPage.parse("{\"a\":[1,2],\"b\":true,\"c\":null,\"d\":\"it's # kept\",\"e\":\"True\"}"));
        assertThat(page.python().authScheme() + " " + page.python().method() + " " + page.python().path()).isEqualTo("Key POST /v1/x");
        assertThat(page.javascript().body()).isEqualTo(SeedPage.parse("{\"a\":[1,2],\"b\":true,\"c\":null,\"d\":\"it's // kept\",\"e\":\"True\"}"));
        assertThat(page.javascript().authScheme() + " " + page.javascript().method() + " " + page.javascript().path()).isEqualTo("Bearer PUT /v1/y");
        assertThatThrownBy(() -> new SeedPage("page", "requests.post(\"https://h/x\", json={\"a\": x})").python())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aFieldThePageStopsDocumentingIsNoLongerAccepted() {
        SeedPage runflow = SeedPage.of("Runflow");
        SeedPage withoutSeed = edit(runflow, "### `seed` (integer, optional)", "### `sead` (integer, optional)");
        ObjectNode sent = runflow.curl().body().deepCopy().put("image_urls", "x").put("seed", 7);

        SeedPage.assertExampleFieldsWithin(runflow.curl(), sent, runflow.headingFields());
        assertThatThrownBy(() -> SeedPage.assertExampleFieldsWithin(runflow.curl(), sent, withoutSeed.headingFields()))
                .hasMessageContaining("field seed is not one the page names");
        assertThatThrownBy(() -> new SeedPage("page", "no schema").bodySectionFields()).hasMessageContaining("no section");
    }

    @Test
    void anAnswerIsBuiltOnlyFromFirstElements() {
        assertThat(SeedPage.answerWith(List.of("images", "0", "url"), "u")).isEqualTo(SeedPage.parse("{\"images\":[{\"url\":\"u\"}]}"));
        assertThatThrownBy(() -> SeedPage.answerWith(List.of("images", "1", "url"), "u")).hasMessageContaining("not the first");
    }

    // ---- comparisons ----

    @Test
    void theExactComparisonFailsOnAnExtraAMissingOrAChangedField() {
        SeedPage.Example example = MULERUN.curl();
        ObjectNode same = example.body().deepCopy();
        SeedPage.assertSameFields(example, same);

        assertThatThrownBy(() -> SeedPage.assertSameFields(example, same.deepCopy().put("num_images", 1)))
                .hasMessageContaining("extra field num_images=1");
        assertThatThrownBy(() -> SeedPage.assertSameFields(example, same.deepCopy().without("resolution")))
                .hasMessageContaining("missing field resolution");
        assertThatThrownBy(() -> SeedPage.assertSameFields(example, same.deepCopy().put("prompt", "other")))
                .hasMessageContaining("prompt: page");
    }

    @Test
    void theExampleWithinSchemaComparisonFailsOnAnUndocumentedOrMissingRequiredField() {
        SeedPage.Example example = MULERUN.curl();
        Map<String, SeedPage.Field> fields = MULERUN.bodySectionFields();

        assertThatThrownBy(() -> SeedPage.assertExampleFieldsWithin(example, example.body().deepCopy().put("output_format", "png"), fields))
                .hasMessageContaining("field output_format is not one the page names");
        ObjectNode withoutImages = example.body().deepCopy();
        withoutImages.remove("images");
        assertThatThrownBy(() -> SeedPage.assertExampleFieldsWithin(example.withBody("trimmed", withoutImages), withoutImages, fields))
                .hasMessageContaining("missing required field images");
    }

    @Test
    void theRequestCheckReportsEveryDifferenceFromTheExample() {
        SeedPage.Example example = MULERUN.curl();
        Map<String, String> headers = Map.of("authorization", "Bearer " + RecordingServer.KEY, "content-type", "application/json");
        SeedPage.assertSentExactly(example, new RecordingServer.Request("POST", example.path(), null, headers, example.body().toString()));

        var wrong = new RecordingServer.Request("PUT", example.path() + "/runs", null,
                Map.of("authorization", "Key " + RecordingServer.KEY), example.body().deepCopy().put("extra", 1).toString());
        assertThatThrownBy(() -> SeedPage.assertSentExactly(example, wrong))
                .hasMessageContainingAll("method: page POST, sent PUT", "path: page " + example.path() + ", sent " + example.path() + "/runs",
                        "Authorization: page Bearer " + RecordingServer.KEY, "Content-Type: page application/json, sent null", "extra field extra=1");
    }

    // ---- server ----

    @Test
    void theServerRecordsWhatArrivedAndAnswers404WhereNothingIsCanned() throws Exception {
        try (var server = new RecordingServer(); var client = HttpClient.newHttpClient()) {
            server.answer("/canned", 202, "{\"ok\":true}");
            HttpResponse<String> canned = client.send(HttpRequest.newBuilder(server.baseUrl().resolve("/canned?x=1"))
                    .header("Authorization", "Key k").POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(server.baseUrl().resolve("/canned/more")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(canned.statusCode() + " " + canned.body()).isEqualTo("202 {\"ok\":true}");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(server.requests()).hasSize(2);
            RecordingServer.Request first = server.requests().getFirst();
            assertThat(List.of(first.method(), first.path(), first.query(), first.header("authorization"), first.body()))
                    .containsExactly("POST", "/canned", "x=1", "Key k", "{\"a\":1}");
            assertThatThrownBy(server::only).hasMessageContaining("expected exactly one request");
            assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
        }
    }

    private static SeedPage edit(SeedPage page, String from, String to) {
        assertThat(page.text()).as("the page to edit").contains(from);
        return new SeedPage(page.name(), page.text().replace(from, to));
    }
}
