package org.aiorg.agent;

/** One chat completion: a prompt in, text and token usage out. Implementations are thread-safe. */
public interface LlmClient {

    /** The model calls are made with (priced by the budget before the call). */
    String model();

    /**
     * Sends the prompt, retrying transient failures as configured.
     *
     * @throws LlmException         when the call failed for good (after bounded retries)
     * @throws InterruptedException when the calling thread was interrupted (shutdown)
     */
    LlmResponse complete(LlmRequest request) throws LlmException, InterruptedException;
}
