package org.aiorg.worker;

import org.aiorg.budget.BudgetIncreased;
import org.aiorg.budget.Budgets;
import org.aiorg.task.TaskExecutions;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Clears holds so that held tasks start by themselves: at once when this process hears that a
 * tenant's budget grew ({@link BudgetIncreased}), and on a timer for changes made by other
 * processes: a tenant that has as much left as its held tasks needed when they were refused in
 * this process ({@link BudgetHolds}), or, without that knowledge (refused in another process),
 * whose remaining budget is positive and grew since the last check, so that a tenant whose budget
 * stays short is not retried on every check; and, as a backstop, every {@code hold-retry} while it
 * has money left. Holds for an unavailable budget store
 * are cleared on every check, so that those tasks try again.
 */
@Component
@ConditionalOnBooleanProperty(name = "aiorg.worker.maintenance", matchIfMissing = true)
class HoldMonitor {

    private static final Logger log = LoggerFactory.getLogger(HoldMonitor.class);

    private final TaskExecutions executions;
    private final Budgets budgets;
    private final BudgetHolds holds;
    private final WorkerProperties props;
    private final java.time.InstantSource clock;
    private final java.util.Map<TenantId, Long> lastCleared = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<TenantId, Long> lastRemaining = new java.util.concurrent.ConcurrentHashMap<>();

    HoldMonitor(TaskExecutions executions, Budgets budgets, BudgetHolds holds, WorkerProperties props,
            java.time.InstantSource clock) {
        this.props = props;
        this.clock = clock;
        this.executions = executions;
        this.budgets = budgets;
        this.holds = holds;
    }

    @EventListener
    void on(BudgetIncreased event) {
        release(event.tenant(), "its budget grew");
    }

    @Scheduled(fixedDelayString = "${aiorg.worker.hold-recheck:10s}", initialDelayString = "${aiorg.worker.hold-recheck:10s}")
    void recheck() {
        try {
            for (TenantId tenant : executions.tenantsWithHold(TaskExecutions.HOLD_BUDGET_EXHAUSTED)) {
                long remaining = budgets.account(tenant).remainingMicros();
                Long before = lastRemaining.put(tenant, remaining);
                Long needed = holds.needed(tenant);
                boolean enough = needed != null ? remaining >= needed : remaining > 0 && (before == null || remaining > before);
                // Backstop: what a task needed is an estimate (other calls settle meanwhile), so a
                // tenant with money left is retried at least every hold-retry.
                long cleared = lastCleared.computeIfAbsent(tenant, k -> clock.millis());
                boolean overdue = remaining > 0 && clock.millis() - cleared >= props.holdRetry().toMillis();
                if (enough || overdue) {
                    release(tenant, enough ? "it has budget left again" : "its budget is checked again");
                }
            }
            for (TenantId tenant : executions.tenantsWithHold(TaskExecutions.HOLD_BUDGET_UNAVAILABLE)) {
                int n = executions.clearHolds(tenant, TaskExecutions.HOLD_BUDGET_UNAVAILABLE);
                log.info("Tenant {}: {} task(s) held for an unavailable budget store may try again", tenant, n);
            }
        } catch (RuntimeException e) {
            log.warn("Hold check failed: {}", e.getMessage());
        }
    }

    private void release(TenantId tenant, String why) {
        holds.cleared(tenant);
        lastCleared.put(tenant, clock.millis());
        int n = executions.clearHolds(tenant, TaskExecutions.HOLD_BUDGET_EXHAUSTED);
        if (n > 0) {
            log.info("Tenant {}: {} task(s) held for budget_exhausted are ready again: {}", tenant, n, why);
        }
    }
}
