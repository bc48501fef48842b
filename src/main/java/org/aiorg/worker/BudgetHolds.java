package org.aiorg.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.tenant.TenantId;
import org.springframework.stereotype.Component;

/**
 * What this process learnt from refused reservations: per tenant, the least budget one of its
 * held tasks needed (the remaining budget at the refusal plus the shortfall). The hold check
 * releases a tenant's holds once that much is left, instead of retrying every held task on
 * every check.
 */
@Component
class BudgetHolds {

    private final Map<TenantId, Long> needed = new ConcurrentHashMap<>();

    void refused(TenantId tenant, long remainingAtRefusal, long shortfall) {
        long n = Math.max(1, Math.max(0, remainingAtRefusal) + Math.max(0, shortfall));
        needed.merge(tenant, n, Math::min);
    }

    /** The least a held task of this tenant needed, or null when no task was refused in this process. */
    Long needed(TenantId tenant) {
        return needed.get(tenant);
    }

    void cleared(TenantId tenant) {
        needed.remove(tenant);
    }
}
