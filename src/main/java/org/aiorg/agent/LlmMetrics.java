package org.aiorg.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * {@code ai_llm_requests_total{model,outcome}} (one per HTTP request: success, retry = failed and
 * retried, error = failed for good) and {@code ai_llm_latency_seconds{model}} (histogram).
 */
public final class LlmMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final Counter success;
    private final Counter retry;
    private final Counter error;
    private final Timer latency;

    public LlmMetrics(MeterRegistry registry, String model) {
        this.success = counter(registry, model, "success");
        this.retry = counter(registry, model, "retry");
        this.error = counter(registry, model, "error");
        this.latency = Timer.builder("ai.llm.latency").description("LLM request latency").tag("model", model)
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    public static LlmMetrics none(String model) {
        return new LlmMetrics(new SimpleMeterRegistry(), model);
    }

    private static Counter counter(MeterRegistry registry, String model, String outcome) {
        return Counter.builder("ai.llm.requests").description("Requests to the LLM endpoint").tag("model", model)
                .tag("outcome", outcome).register(registry);
    }

    void success(long nanos) {
        success.increment();
        latency.record(Duration.ofNanos(nanos));
    }

    void retry(long nanos) {
        retry.increment();
        latency.record(Duration.ofNanos(nanos));
    }

    void error(long nanos) {
        error.increment();
        latency.record(Duration.ofNanos(nanos));
    }
}
