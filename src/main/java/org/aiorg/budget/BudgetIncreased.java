package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/**
 * A tenant's budget grew (top-up, higher limit): tasks held for {@code budget_exhausted} may run
 * again. Published by whoever changes the budget; the workers listen and clear the holds. Other
 * processes see the change on their periodic hold check.
 */
public record BudgetIncreased(TenantId tenant) {}
