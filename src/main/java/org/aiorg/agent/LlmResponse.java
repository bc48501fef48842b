package org.aiorg.agent;

/**
 * What the LLM answered.
 *
 * @param inputTokens  prompt tokens as the provider reported them (null when it reported no usage)
 * @param outputTokens completion tokens as reported (null when no usage)
 * @param latencyMs    from the first attempt to the answer, retries included
 * @param attempts     HTTP requests made (1 without retries)
 */
public record LlmResponse(String text, Long inputTokens, Long outputTokens, String model, long latencyMs, int attempts) {

    public boolean hasUsage() {
        return inputTokens != null && outputTokens != null;
    }
}
