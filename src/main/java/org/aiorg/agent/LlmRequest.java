package org.aiorg.agent;

import java.time.Duration;
import org.aiorg.task.Role;

/**
 * What to ask the LLM.
 *
 * @param label        what the call is for, in logs and errors (a task id, "classify", "relevance")
 * @param role         the agent role for task calls (null for classification and scoring)
 * @param prompt       the rendered prompt, sent as one user message
 * @param promptTokens the prompt's tokens as counted before the call (the synthetic client reports them)
 * @param maxTokens    sent as {@code max_tokens}: the output tokens the budget reserved
 * @param timeout      per attempt; null = the configured timeout
 * @param maxRetries   retries after the first attempt; null = the configured number
 */
public record LlmRequest(String label, Role role, String prompt, long promptTokens, int maxTokens, Duration timeout,
        Integer maxRetries) {

    public static LlmRequest task(String taskId, Role role, String prompt, long promptTokens, int maxTokens) {
        return new LlmRequest(taskId, role, prompt, promptTokens, maxTokens, null, null);
    }
}
