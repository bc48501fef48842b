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
 * One execution of a claimed task: render and count the prompt ({@link #prepare}), reserve the
 * budget for it (the pool does that for a whole batch), then on the task's own virtual thread
 * mark the reservation sent and call the LLM with max_tokens = the reserved output ({@link #call}).
 * Never throws: every ending is a {@link Finished} whose outcome and budget action the
 * {@link OutcomeWriter} applies together.
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

    /** A claimed task with its prompt rendered and counted; {@code failed} when that was impossible. */
    record Prepared(ClaimedTask claimed, String prompt, long promptTokens, long started, Finished failed) {}

    /** Renders and counts the prompt (in the claimer, for the whole batch before its reservations). */
    Prepared prepare(ClaimedTask claimed) {
        long started = System.nanoTime();
        try {
            Tenant t = tenants.get(claimed.tenant());
            String prompt = prompts.forTask(t, claimed, maxOutputTokens);
            return new Prepared(claimed, prompt, Tokens.prompt(prompt), started, null);
        } catch (RuntimeException e) {
            return new Prepared(claimed, null, 0, started,
                    failed(claimed, "cannot build the prompt: " + e.getMessage(), null, Finished.BudgetAction.NONE, started));
        }
    }

    /** What to reserve: the prompt's tokens and the most output tokens the call may produce. */
    BudgetGate.ReservationRequest reservation(Prepared p) {
        return new BudgetGate.ReservationRequest(p.claimed().tenant(), p.claimed().task().id(), llm.model(), p.promptTokens(),
                maxOutputTokens, reservationTtl);
    }

    /** Reads the tenant's remaining budget once per batch into {@code remaining} (nothing when it cannot be read). */
    void remainingNow(TenantId tenant, java.util.Map<TenantId, Long> remaining) {
        if (!remaining.containsKey(tenant)) {
            try {
                remaining.put(tenant, budgets.account(tenant).remainingMicros());
            } catch (RuntimeException e) {
                log.debug("Could not read the budget of {}: {}", tenant, e.getMessage());
            }
        }
    }

    /** The store could not answer: the task waits on hold and tries again at the next hold check. */
    Finished unavailable(Prepared p, String detail) {
        log.warn("Task {}/{}: budget store unavailable, holding the task: {}", p.claimed().tenant(), p.claimed().task().id(), detail);
        return held(p.claimed(), TaskExecutions.HOLD_BUDGET_UNAVAILABLE, p.started());
    }

    /**
     * The budget said no: back to todo with the hold reason; not attempted. Notes what the task
     * needed for the hold check ({@code remaining}: the tenants' budgets read right after the batch's reservations).
     */
    Finished refused(Prepared p, BudgetGate.Refused refused, java.util.Map<TenantId, Long> remaining) {
        boolean exhausted = "budget_exhausted".equals(refused.reason());
        log.debug("Task {}/{} held: {} ({})", p.claimed().tenant(), p.claimed().task().id(), refused.reason(), refused.detail());
        if (!exhausted) {
            return unavailable(p, refused.detail());
        }
        Long left = remaining.get(p.claimed().tenant());
        if (left != null) {
            holds.refused(p.claimed().tenant(), left, refused.shortfallMicros());
        }
        return held(p.claimed(), TaskExecutions.HOLD_BUDGET_EXHAUSTED, p.started());
    }

    /**
     * The call, on the task's virtual thread: mark the reservation sent (unless the pool marked the
     * whole batch sent already, {@code markedSent}), call the LLM with max_tokens = the reserved
     * output. Never throws.
     */
    Finished call(Prepared p, String reservation, boolean markedSent) {
        ClaimedTask claimed = p.claimed();
        TenantId tenant = claimed.tenant();
        Task task = claimed.task();
        long started = p.started();
        boolean sent = markedSent;
        try {
            // From here on the provider may bill the call: an expired reservation is charged, not released.
            if (!sent) {
                gate.markSent(tenant, reservation);
                sent = true;
            }
            Role role = task.role() == null ? Role.DEV : task.role();
            LlmResponse r = llm.complete(LlmRequest.task(task.id(), role, p.prompt(), p.promptTokens(), maxOutputTokens));
            if (!r.hasUsage()) {
                log.warn("Task {}/{}: the LLM reported no usage; the reservation is charged in full", tenant, task.id());
            }
            long in = r.inputTokens() != null ? r.inputTokens() : p.promptTokens();
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

    /** The pool stopped between the batch's reservations and its calls: the task goes back, its reservation is released. */
    Finished notStarted(Prepared p, String reservation) {
        ClaimedTask c = p.claimed();
        return new Finished(c, new TaskOutcome.Released(c.tenant(), c.task().id(), false), Finished.BudgetAction.release(reservation),
                p.started());
    }

    private Finished failed(ClaimedTask c, String error, Long latencyMs, Finished.BudgetAction budget, long started) {
        return new Finished(c, new TaskOutcome.Failed(c.tenant(), c.task().id(), error, 0, 0, llm.model(), latencyMs), budget, started);
    }

    private static Finished held(ClaimedTask c, String reason, long started) {
        return new Finished(c, new TaskOutcome.Held(c.tenant(), c.task().id(), reason), Finished.BudgetAction.NONE, started);
    }
}
