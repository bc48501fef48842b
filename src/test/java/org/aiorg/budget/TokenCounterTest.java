package org.aiorg.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void countsWithTheModelsEncodingAndO200kBaseOtherwise() {
        assertThat(counter.encodingName("gpt-4")).isEqualTo("cl100k_base");
        assertThat(counter.encodingName("gpt-4o")).isEqualTo("o200k_base");
        assertThat(counter.encodingName("some-local-model")).isEqualTo("o200k_base");
        assertThat(counter.count("gpt-4o", "Hello, world!")).isEqualTo(4);
        assertThat(counter.count("gpt-4o", "")).isZero();
    }

    @Test
    void buildsTheReservationRequestFromThePrompt() {
        BudgetGate.ReservationRequest r = counter.request(TenantId.of("acme"), "AbCd1234", "gpt-4o", "Hello, world!", 256,
                Duration.ofMinutes(2));
        assertThat(r.promptTokens()).isEqualTo(4);
        assertThat(r.maxOutputTokens()).isEqualTo(256);
    }
}
