package org.aiorg.support;

import org.aiorg.agent.LlmClient;
import org.aiorg.agent.LlmException;
import org.aiorg.agent.LlmRequest;
import org.aiorg.agent.LlmResponse;

/**
 * Wraps the configured LLM client for tests: records every task call in the {@link ExecutionLog}
 * and obeys markers in the task's description (which the prompt carries): {@code [fail]} fails the
 * call as an error answer would, {@code [slow]} makes it take an hour (until interrupted).
 */
public class ScriptedLlmClient implements LlmClient {

    private final LlmClient delegate;
    private final ExecutionLog log;

    public ScriptedLlmClient(LlmClient delegate, ExecutionLog log) {
        this.delegate = delegate;
        this.log = log;
    }

    @Override
    public String model() {
        return delegate.model();
    }

    @Override
    public LlmResponse complete(LlmRequest request) throws LlmException, InterruptedException {
        if (request.role() != null) {
            log.callStarted(request.label());
        }
        if (request.prompt().contains("[fail]")) {
            throw new LlmException("LLM answered HTTP 400: scripted failure (after 1 attempts)", false, 1, null);
        }
        if (request.prompt().contains("[slow]")) {
            // A call that never answers: it ends only when the worker interrupts it (shutdown tests).
            new java.util.concurrent.CountDownLatch(1).await();
        }
        return delegate.complete(request);
    }
}
