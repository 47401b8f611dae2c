package io.retouch.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.provider.ContractFixtures;
import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.OutputRef;
import io.retouch.provider.VendorError;
import io.retouch.provider.http.Json;
import io.retouch.provider.http.NotSent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code GenerateContentRequest} both adapters send and the {@code GenerateContentResponse} they read. */
class GeminiContentTests {

    private final GeminiInputs inputs = new GeminiInputs();

    @AfterEach
    void close() {
        inputs.close();
    }

    private static List<OutputRef> image(String json) {
        return GeminiAdapter.image(Json.object(json));
    }

    private static VendorError withoutImage(String json) {
        return GeminiAdapter.withoutImage(Json.object(json));
    }

    @Test
    void theLastNonThoughtImagePartIsTheOutput() {
        var outputs = image("""
                {"candidates":[{"content":{"parts":[
                  {"text":"thinking","thought":true},
                  {"inlineData":{"mimeType":"image/png","data":"VEhPVUdIVA=="},"thought":true},
                  {"inlineData":{"mimeType":"image/png","data":"RklSU1Q="}},
                  {"text":"Here it is"},
                  {"inlineData":{"mimeType":"image/jpeg","data":"TEFTVA=="},"thoughtSignature":"x"}
                ]},"finishReason":"STOP"}]}""");
        assertThat(outputs).containsExactly(new OutputRef("data:image/jpeg;base64,TEFTVA==", "image/jpeg"));
    }

    @Test
    void snakeCaseInlineDataIsReadToo() {
        var outputs = image("{\"candidates\":[{\"content\":{\"parts\":[{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"QQ==\"}}]}}]}");
        assertThat(outputs.getFirst().url()).isEqualTo("data:image/png;base64,QQ==");
    }

    @Test
    void aSafetyFinishIsABlockKeepingTheReason() {
        String answer = "{\"candidates\":[{\"finishReason\":\"IMAGE_SAFETY\",\"finishMessage\":\"filtered\"}]}";
        assertThat(image(answer)).isEmpty();
        var error = withoutImage(answer);
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(error.vendorCode()).isEqualTo("IMAGE_SAFETY");
        assertThat(error.message()).isEqualTo("filtered");
    }

    @Test
    void anImageOfACandidateAFilterStoppedIsNoOutput() {
        String answer = "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"QQ==\"}}]},"
                + "\"finishReason\":\"IMAGE_SAFETY\"}]}";
        assertThat(image(answer)).isEmpty();
        assertThat(withoutImage(answer).errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
    }

    @Test
    void aBlockedPromptHasNoCandidates() {
        var error = withoutImage("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}");
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(error.vendorCode()).isEqualTo("PROHIBITED_CONTENT");
    }

    @Test
    void stopWithTextOnlyIsAFailedTaskWithTheModelsWords() {
        var error = withoutImage("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"I cannot edit this.\"}]},\"finishReason\":\"STOP\"}]}");
        assertThat(error.errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(error.vendorCode()).isEqualTo("STOP_WITHOUT_IMAGE");
        assertThat(error.message()).contains("I cannot edit this.");
    }

    @Test
    void noImageAndEmptyAnswersFail() {
        assertThat(withoutImage("{\"candidates\":[{\"finishReason\":\"NO_IMAGE\"}]}").vendorCode()).isEqualTo("NO_IMAGE");
        assertThat(withoutImage("{}").errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(withoutImage("{}").vendorCode()).isEqualTo("NO_CANDIDATES");
    }

    @Test
    void autoLeavesTheAspectRatioOutAndASeedIsSentOnlyWhenChosen() throws NotSent {
        JsonNode auto = GeminiAdapter.request(new EditRequest("p", List.of("data:image/png;base64,QQ=="), "auto", "4K",
                "png", 1, null), inputs);
        assertThat(auto.path("generationConfig").path("imageConfig").has("aspectRatio")).isFalse();
        assertThat(auto.path("generationConfig").path("imageConfig").path("imageSize").stringValue()).isEqualTo("4K");
        assertThat(auto.path("generationConfig").has("seed")).isFalse();
        assertThat(auto.path("contents").get(0).path("parts").get(1).path("inline_data").path("data").stringValue())
                .isEqualTo("QQ==");
    }

    @Test
    void aSeedBeyondInt32IsRefusedBeforeSending() throws NotSent {
        assertThatThrownBy(() -> GeminiAdapter.request(new EditRequest("p", List.of("u"), "1:1", "1K", "png", 1, 1L << 40),
                inputs)).isInstanceOf(NotSent.class).hasMessageContaining("32-bit");
        JsonNode seeded = GeminiAdapter.request(new EditRequest("p", List.of("data:image/png;base64,QQ=="), "1:1", "1K",
                "png", 1, 7L), inputs);
        assertThat(seeded.path("generationConfig").path("seed").intValue()).isEqualTo(7);
    }

    @Test
    void inputTypesAreSniffedFromTheBytes() throws NotSent {
        assertThat(GeminiInputs.sniff(ContractFixtures.INPUT_PNG)).isEqualTo("image/png");
        assertThat(GeminiInputs.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(GeminiInputs.sniff("RIFF0000WEBPVP8 ".getBytes())).isEqualTo("image/webp");
        assertThat(GeminiInputs.mimeType(0, "not an image".getBytes(), "image/jpg")).isEqualTo("image/jpeg");
    }
}
