package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/** A tenant's limit was set to a new value; when it grew, held tasks may fit again. */
public record BudgetLimitChanged(TenantId tenant, long oldLimitMicros, long newLimitMicros) {

    public boolean grew() {
        return newLimitMicros > oldLimitMicros;
    }
}
