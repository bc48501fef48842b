package org.aiorg.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantSeriesTest {

    private static final String SCRAPE = """
            # HELP ai_tasks Tasks by status
            # TYPE ai_tasks gauge
            ai_tasks{status="todo",tenant="acme"} 3.0
            ai_tasks{status="todo",tenant="acme2"} 9.0
            ai_tasks{status="done",tenant="globex"} 1.0
            # HELP ai_llm_requests_total LLM requests
            # TYPE ai_llm_requests_total counter
            ai_llm_requests_total{model="m",outcome="success"} 5.0
            # HELP ai_tokens_total Tokens
            # TYPE ai_tokens_total counter
            ai_tokens_total{direction="in",role="dev",tenant="acme",xtenant="globex"} 10.0
            ai_tokens_total{direction="in",role="dev",tenant="globex",xtenant="acme"} 20.0
            # HELP jvm_threads_live_threads Live threads
            # TYPE jvm_threads_live_threads gauge
            jvm_threads_live_threads 31.0
            """;

    @Test
    void keepsOnlyTheTenantsSamplesWithTheirFamilyHeaders() {
        assertThat(TenantSeries.of(SCRAPE, "acme")).isEqualTo("""
                # HELP ai_tasks Tasks by status
                # TYPE ai_tasks gauge
                ai_tasks{status="todo",tenant="acme"} 3.0
                # HELP ai_tokens_total Tokens
                # TYPE ai_tokens_total counter
                ai_tokens_total{direction="in",role="dev",tenant="acme",xtenant="globex"} 10.0
                """);
    }

    @Test
    void anUnknownTenantGetsNothing() {
        assertThat(TenantSeries.of(SCRAPE, "initech")).isEmpty();
    }
}
