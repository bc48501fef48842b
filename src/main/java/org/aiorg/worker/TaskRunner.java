package org.aiorg.worker;

import java.time.Duration;
import org.aiorg.agent.LlmClient;
import org.aiorg.agent.LlmException;
import org.aiorg.agent.LlmRequest;
import org.aiorg.agent.LlmResponse;
import org.aiorg.agent.Prompts;
import org.aiorg.agent.Tokens;
import org.aiorg.budget.BudgetGate;
import org.aiorg.budget.Budgets;
import org.aiorg.task.ClaimedTask;
import org.aiorg.task.Role;
import org.aiorg.task.Task;
import org.aiorg.task.TaskExecutions;
import org.aiorg.task.TaskOutcome;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a claimed task, on its own virtual thread: render the prompt, reserve the
 * budget (prompt tokens counted + max output tokens), mark the reservation sent, call the LLM
 * with max_tokens = the reserved output. Never throws: every ending is a {@link Finished} whose
 * outcome and budget action the {@link OutcomeWriter} applies together.
 */
final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final Tenants tenants;
    private final Prompts prompts;
    private final LlmClient llm;
    private final BudgetGate gate;
    private final int maxOutputTokens;
    private final Duration reservationTtl;
    private final Budgets budgets;
    private final BudgetHolds holds;

    TaskRunner(Tenants tenants, Prompts prompts, LlmClient llm, BudgetGate gate, Budgets budgets, BudgetHolds holds,
            int maxOutputTokens, Duration reservationTtl) {
        this.budgets = budgets;
        this.holds = holds;
        this.tenants = tenants;
        this.prompts = prompts;
        this.llm = llm;
        this.gate = gate;
        this.maxOutputTokens = maxOutputTokens;
        this.reservationTtl = reservationTtl;
    }

    Finished run(ClaimedTask claimed) {
        long started = System.nanoTime();
        TenantId tenant = claimed.tenant();
        Task task = claimed.task();
        String prompt;
        try {
            Tenant t = tenants.get(tenant);
            prompt = prompts.forTask(t, claimed, maxOutputTokens);
        } catch (RuntimeException e) {
            return failed(claimed, "cannot build the prompt: " + e.getMessage(), null, Finished.BudgetAction.NONE, started);
        }
        long promptTokens = Tokens.prompt(prompt);

        BudgetGate.ReserveResult result;
        try {
            result = gate.reserve(new BudgetGate.ReservationRequest(tenant, task.id(), llm.model(), promptTokens,
                    maxOutputTokens, reservationTtl));
        } catch (RuntimeException e) {
            log.warn("Task {}/{}: budget store unavailable, holding the task: {}", tenant, task.id(), e.getMessage());
            return held(claimed, TaskExecutions.HOLD_BUDGET_UNAVAILABLE, started);
        }
        if (result instanceof BudgetGate.Refused refused) {
            boolean exhausted = "budget_exhausted".equals(refused.reason());
            if (exhausted) {
                noteRefusal(tenant, refused);
            }
            log.debug("Task {}/{} held: {} ({})", tenant, task.id(), refused.reason(), refused.detail());
            return held(claimed, exhausted ? TaskExecutions.HOLD_BUDGET_EXHAUSTED : TaskExecutions.HOLD_BUDGET_UNAVAILABLE, started);
        }
        String reservation = ((BudgetGate.Reserved) result).reservationId();

        boolean sent = false;
        try {
            // From here on the provider may bill the call: an expired reservation is charged, not released.
            gate.markSent(tenant, reservation);
            sent = true;
            Role role = task.role() == null ? Role.DEV : task.role();
            LlmResponse r = llm.complete(LlmRequest.task(task.id(), role, prompt, promptTokens, maxOutputTokens));
            if (!r.hasUsage()) {
                log.warn("Task {}/{}: the LLM reported no usage; the reservation is charged in full", tenant, task.id());
            }
            long in = r.inputTokens() != null ? r.inputTokens() : promptTokens;
            long out = r.outputTokens() != null ? r.outputTokens() : Tokens.count(r.text());
            return new Finished(claimed, new TaskOutcome.Done(tenant, task.id(), r.text(), in, out, r.model(), r.latencyMs()),
                    Finished.BudgetAction.settle(reservation, r.inputTokens(), r.outputTokens()), started);
        } catch (LlmException e) {
            Finished.BudgetAction budget = e.mayHaveBilled()
                    ? Finished.BudgetAction.settle(reservation, null, null)
                    : Finished.BudgetAction.release(reservation);
            return failed(claimed, e.getMessage(), (System.nanoTime() - started) / 1_000_000, budget, started);
        } catch (InterruptedException e) {
            // Shutdown deadline: give the task back; the call may have been sent, so it is charged.
            return new Finished(claimed, new TaskOutcome.Released(tenant, task.id(), sent),
                    sent ? Finished.BudgetAction.settle(reservation, null, null) : Finished.BudgetAction.release(reservation), started);
        } catch (RuntimeException e) {
            Finished.BudgetAction budget = sent ? Finished.BudgetAction.settle(reservation, null, null)
                    : Finished.BudgetAction.release(reservation);
            if (Thread.interrupted()) {
                return new Finished(claimed, new TaskOutcome.Released(tenant, task.id(), sent), budget, started);
            }
            log.warn("Task {}/{} failed unexpectedly", tenant, task.id(), e);
            return failed(claimed, "unexpected error: " + e, null, budget, started);
        }
    }

    /** Remembers how much the refused task needed, so that the hold check knows when to retry. */
    private void noteRefusal(TenantId tenant, BudgetGate.Refused refused) {
        try {
            holds.refused(tenant, budgets.account(tenant).remainingMicros(), refused.shortfallMicros());
        } catch (RuntimeException e) {
            log.debug("Could not read the budget of {}: {}", tenant, e.getMessage());
        }
    }

    private Finished failed(ClaimedTask c, String error, Long latencyMs, Finished.BudgetAction budget, long started) {
        return new Finished(c, new TaskOutcome.Failed(c.tenant(), c.task().id(), error, 0, 0, llm.model(), latencyMs), budget, started);
    }

    private static Finished held(ClaimedTask c, String reason, long started) {
        return new Finished(c, new TaskOutcome.Held(c.tenant(), c.task().id(), reason), Finished.BudgetAction.NONE, started);
    }
}
