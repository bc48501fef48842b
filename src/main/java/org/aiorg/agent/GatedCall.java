package org.aiorg.agent;

import java.time.Duration;
import java.util.Optional;
import org.aiorg.budget.BudgetGate;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short LLM call made while a task is created (classification, relevance), paid from the
 * tenant's budget like any other: reserve, mark sent, call, settle. Any failure (refused budget,
 * LLM error) is an empty answer, so that the caller falls back and task creation goes on.
 */
final class GatedCall {

    private static final Logger log = LoggerFactory.getLogger(GatedCall.class);

    private final LlmClient llm;
    private final BudgetGate gate;
    private final Duration timeout;

    GatedCall(LlmClient llm, BudgetGate gate, Duration timeout) {
        this.llm = llm;
        this.gate = gate;
        this.timeout = timeout;
    }

    Optional<String> ask(TenantId tenant, String label, String prompt, int maxTokens) {
        long promptTokens = Tokens.prompt(prompt);
        BudgetGate.ReserveResult result;
        try {
            result = gate.reserve(new BudgetGate.ReservationRequest(tenant, null, llm.model(), promptTokens, maxTokens,
                    timeout.plusSeconds(30)));
        } catch (RuntimeException e) {
            log.warn("{}: budget unavailable for tenant {}: {}", label, tenant, e.getMessage());
            return Optional.empty();
        }
        if (!(result instanceof BudgetGate.Reserved reserved)) {
            log.info("{}: budget refused for tenant {}: {}", label, tenant, ((BudgetGate.Refused) result).detail());
            return Optional.empty();
        }
        String id = reserved.reservationId();
        boolean settled = false;
        try {
            gate.markSent(tenant, id);
            LlmResponse response = llm.complete(new LlmRequest(label, null, prompt, promptTokens, maxTokens, timeout, 0));
            gate.settle(tenant, id, response.inputTokens(), response.outputTokens());
            settled = true;
            return Optional.of(response.text());
        } catch (LlmException e) {
            log.warn("{} for tenant {} failed: {}", label, tenant, e.getMessage());
            if (e.mayHaveBilled()) {
                gate.settle(tenant, id, null, null);
            } else {
                gate.release(tenant, id);
            }
            settled = true;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("{} for tenant {} failed: {}", label, tenant, e.getMessage());
            return Optional.empty();
        } finally {
            if (!settled) {
                // Sent or not, unknown: charge the reservation rather than under-count.
                try {
                    gate.settle(tenant, id, null, null);
                } catch (RuntimeException e) {
                    log.warn("{}: could not settle reservation {}: {}", label, id, e.getMessage());
                }
            }
        }
    }
}
