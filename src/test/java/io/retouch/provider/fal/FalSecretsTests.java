package io.retouch.provider.fal;

import io.retouch.provider.EditRequest;
import io.retouch.provider.VendorCall;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 8: the key reaches fal's Authorization header and nothing else we keep. */
class FalSecretsTests {

    private static final String SECRET = FalStubServer.KEY.substring(FalStubServer.KEY.indexOf(':') + 1);

    @Test
    void noAuditRecordHoldsTheKeyEvenWhenFalEchoesIt() throws IOException {
        List<VendorCall> calls = new ArrayList<>();
        try (FalStubServer fal = new FalStubServer(); FalAdapter adapter = new FalAdapter(fal.settings())) {
            fal.answer(200, "{\"request_id\":\"r1\"}")
                    .answer(401, "{\"detail\":\"Invalid key " + FalStubServer.KEY + "\"}")
                    .answer(403, "{\"detail\":\"secret " + SECRET + " is revoked\"}", "X-Fal-Error-Type", "auth")
                    .answer(200, "{\"status\":\"COMPLETED\"}")
                    .answer(200, "{\"images\":[{\"url\":\"https://cdn.example/o.png\"}]}")
                    .answer(500, "Key " + FalStubServer.KEY, "Content-Type", "text/plain")
                    .answer(202, "{\"status\":\"CANCELLATION_REQUESTED\"}");
            EditRequest edit = new EditRequest("p", List.of("https://i/a.png"), "auto", "1K", "png", 1, null);

            calls.add(adapter.submit(edit, "a").call());
            calls.add(adapter.submit(edit, "b").call());
            calls.add(adapter.poll("r1").call());
            calls.add(adapter.poll("r1").call());
            calls.add(adapter.collect("r1").call());
            calls.add(adapter.collect("r1").call());
            calls.add(adapter.cancel("r1"));
            assertThat(fal.requests()).allSatisfy(r ->
                    assertThat(r.header("Authorization")).isEqualTo("Key " + FalStubServer.KEY));
        }

        assertThat(calls).hasSize(7).allSatisfy(call -> {
            assertThat(call.toString()).doesNotContain(SECRET);
            assertThat(Stream.of(call.operation(), call.method(), call.url(), call.vendorCode(), call.message()))
                    .allSatisfy(field -> assertThat(String.valueOf(field)).doesNotContain(SECRET));
        });
        assertThat(calls.get(1).message()).isEqualTo("Invalid key ***");
    }
}
