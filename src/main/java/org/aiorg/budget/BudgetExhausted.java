package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/**
 * A reservation was refused because the tenant's remaining budget is too small: the task stays
 * {@code todo} with hold reason {@code budget_exhausted}, and an alert is due.
 *
 * @param shortfallMicros how much more budget the call would have needed
 */
public record BudgetExhausted(TenantId tenant, String taskId, long shortfallMicros) {}
