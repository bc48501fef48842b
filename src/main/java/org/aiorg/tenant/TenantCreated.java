package org.aiorg.tenant;

/**
 * Published inside the creating transaction, so that listeners (the budget account) are
 * written atomically with the tenant.
 *
 * @param initialBudgetMicros the budget limit the tenant starts with, in micro-USD (null: the default)
 */
public record TenantCreated(Tenant tenant, Long initialBudgetMicros) {}
