package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/** Money was added to a tenant's limit: held tasks may fit again. */
public record BudgetToppedUp(TenantId tenant, long amountMicros, long limitMicros) {}
