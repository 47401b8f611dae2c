package io.retouch.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.EditRequest;
import io.retouch.provider.ErrorClass;
import io.retouch.provider.http.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GeminiCodecTests {

    private static GeminiCodec.Answer read(String json) {
        return GeminiCodec.read(Json.object(json));
    }

    @Test
    void theLastNonThoughtImagePartIsTheOutput() {
        var answer = read("""
                {"candidates":[{"content":{"parts":[
                  {"text":"thinking","thought":true},
                  {"inlineData":{"mimeType":"image/png","data":"VEhPVUdIVA=="},"thought":true},
                  {"inlineData":{"mimeType":"image/png","data":"RklSU1Q="}},
                  {"text":"Here it is"},
                  {"inlineData":{"mimeType":"image/jpeg","data":"TEFTVA=="},"thoughtSignature":"x"}
                ]},"finishReason":"STOP"}]}""");
        assertThat(answer).isInstanceOf(GeminiCodec.Answer.Image.class);
        var output = ((GeminiCodec.Answer.Image) answer).output();
        assertThat(output.url()).isEqualTo("data:image/jpeg;base64,TEFTVA==");
        assertThat(output.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void snakeCaseInlineDataIsReadToo() {
        var answer = read("{\"candidates\":[{\"content\":{\"parts\":[{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"QQ==\"}}]}}]}");
        assertThat(((GeminiCodec.Answer.Image) answer).output().url()).isEqualTo("data:image/png;base64,QQ==");
    }

    @Test
    void aSafetyFinishIsABlockKeepingTheReason() {
        var answer = read("{\"candidates\":[{\"finishReason\":\"IMAGE_SAFETY\",\"finishMessage\":\"filtered\"}]}");
        var error = ((GeminiCodec.Answer.NoImage) answer).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(error.vendorCode()).isEqualTo("IMAGE_SAFETY");
        assertThat(error.message()).isEqualTo("filtered");
    }

    @Test
    void aBlockedPromptHasNoCandidates() {
        var error = ((GeminiCodec.Answer.NoImage) read("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}")).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.CONTENT_BLOCKED);
        assertThat(error.vendorCode()).isEqualTo("PROHIBITED_CONTENT");
    }

    @Test
    void stopWithTextOnlyIsAFailedTaskWithTheModelsWords() {
        var error = ((GeminiCodec.Answer.NoImage) read(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"I cannot edit this.\"}]},\"finishReason\":\"STOP\"}]}")).error();
        assertThat(error.errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
        assertThat(error.vendorCode()).isEqualTo("STOP_WITHOUT_IMAGE");
        assertThat(error.message()).contains("I cannot edit this.");
    }

    @Test
    void noImageAndEmptyAnswersFail() {
        assertThat(((GeminiCodec.Answer.NoImage) read("{\"candidates\":[{\"finishReason\":\"NO_IMAGE\"}]}")).error().vendorCode())
                .isEqualTo("NO_IMAGE");
        assertThat(((GeminiCodec.Answer.NoImage) read("{}")).error().errorClass()).isEqualTo(ErrorClass.VENDOR_TASK_FAILED);
    }

    @Test
    void autoLeavesTheAspectRatioOutAndASeedIsSentOnlyWhenChosen() {
        var images = List.of(new GeminiInputs.InlineImage("image/png", "QQ=="));
        JsonNode auto = GeminiCodec.request(new EditRequest("p", List.of("u"), "auto", "4K", "png", 1, null), images);
        assertThat(auto.path("generationConfig").path("imageConfig").has("aspectRatio")).isFalse();
        assertThat(auto.path("generationConfig").path("imageConfig").path("imageSize").stringValue()).isEqualTo("4K");
        assertThat(auto.path("generationConfig").has("seed")).isFalse();
        assertThat(auto.path("contents").get(0).path("parts").get(1).path("inline_data").path("data").stringValue()).isEqualTo("QQ==");
    }

    @Test
    void aSeedBeyondInt32IsRefusedBeforeSending() {
        assertThat(GeminiCodec.seedRefusal(new EditRequest("p", List.of("u"), "1:1", "1K", "png", 1, 1L << 40))).contains("32-bit");
        assertThat(GeminiCodec.seedRefusal(new EditRequest("p", List.of("u"), "1:1", "1K", "png", 1, 7L))).isNull();
    }

    @Test
    void inputTypesAreSniffedFromTheBytes() throws Exception {
        assertThat(GeminiInputs.sniff(GeminiStubServer.PNG)).isEqualTo("image/png");
        assertThat(GeminiInputs.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(GeminiInputs.sniff("RIFF0000WEBPVP8 ".getBytes())).isEqualTo("image/webp");
        assertThat(GeminiInputs.mimeType(0, "not an image".getBytes(), "image/jpg")).isEqualTo("image/jpeg");
    }
}
