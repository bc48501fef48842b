package org.aiorg.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The LLM endpoint (OpenAI-compatible Chat Completions) or the synthetic stand-in.
 *
 * @param baseUrl          e.g. {@code https://api.openai.com/v1}; env {@code AIORG_LLM_BASE_URL}; none = synthetic
 * @param model            model name sent with every request; env {@code AIORG_LLM_MODEL}
 * @param apiKey           bearer token; env {@code OPENAI_API_KEY} (never a default)
 * @param synthetic        force the synthetic stand-in even with a base URL ({@code --synthetic})
 * @param syntheticLatency how long each synthetic call takes ({@code --synthetic-latency 1s})
 * @param timeout          the whole request, per attempt
 * @param connectTimeout   opening the connection
 * @param maxRetries       retries after the first attempt on 429, 5xx, timeouts and I/O errors
 * @param initialBackoff   first backoff; doubles per retry, with full jitter
 * @param maxBackoff       cap of one backoff
 * @param maxRetryAfter    the longest Retry-After honoured; a longer one ends the retries
 * @param classifyTimeout  timeout of classification and relevance calls (they run while a task is created)
 */
@ConfigurationProperties("aiorg.llm")
public record LlmProperties(
        String baseUrl,
        String model,
        String apiKey,
        Boolean synthetic,
        Duration syntheticLatency,
        Duration timeout,
        Duration connectTimeout,
        Integer maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        Duration classifyTimeout) {

    public static final String SYNTHETIC_MODEL = "synthetic";

    public LlmProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip().replaceAll("/+$", "");
        if (model == null || model.isBlank()) {
            model = baseUrl == null ? SYNTHETIC_MODEL : "gpt-4o-mini";
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        synthetic = synthetic != null && synthetic;
        syntheticLatency = syntheticLatency == null ? Duration.ZERO : syntheticLatency;
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        maxRetries = maxRetries == null ? 3 : Math.max(0, maxRetries);
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(120) : maxRetryAfter;
        classifyTimeout = classifyTimeout == null ? Duration.ofSeconds(10) : classifyTimeout;
        if (syntheticLatency.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("aiorg.llm: synthetic-latency must be >= 0 and timeout > 0");
        }
    }

    /** Synthetic unless a base URL is configured (and --synthetic was not given). */
    public boolean isSynthetic() {
        return synthetic || baseUrl == null;
    }

    /** The model that calls are made (and priced) with. */
    public String effectiveModel() {
        return isSynthetic() ? SYNTHETIC_MODEL : model;
    }

    /** The longest one call may take with every retry: the budget reservation must outlive it. */
    public Duration worstCaseCall() {
        if (isSynthetic()) {
            return syntheticLatency;
        }
        Duration backoffs = maxBackoff.multipliedBy(maxRetries);
        return timeout.multipliedBy(maxRetries + 1L).plus(backoffs.compareTo(maxRetryAfter.multipliedBy(maxRetries)) > 0
                ? backoffs : maxRetryAfter.multipliedBy(maxRetries));
    }
}
