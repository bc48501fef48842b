package org.aiorg.budget;

import java.util.TreeMap;
import org.aiorg.db.Tx;

/**
 * The account side of ended reservations in the SQL store: an ended reservation leaves reserved
 * (its charged part goes to spent). Within a transaction the amounts are summed per tenant and the
 * accounts updated just before the commit, in tenant order: the account row is the one every
 * worker and API process writes, and written last it stays locked only through the commit, not
 * through the rest of a batch of outcomes. Ending only lowers reserved, so deferring it never
 * lets a reservation through that would not fit.
 */
final class AccountEnds implements Tx.BeforeCommit {

    private final BudgetAccountRepository accounts;
    /** Per tenant: amount, charged, latest time. */
    private final TreeMap<String, long[]> byTenant = new TreeMap<>();

    private AccountEnds(BudgetAccountRepository accounts) {
        this.accounts = accounts;
    }

    /** Ends an amount of the tenant's reservations: before the commit, or at once outside a transaction. */
    static void end(BudgetAccountRepository accounts, String tenant, long amount, long charged, long now) {
        AccountEnds ends = Tx.buffer(accounts, Tx.FLUSH_LAST, () -> new AccountEnds(accounts));
        if (ends == null) {
            accounts.end(tenant, amount, charged, now);
            return;
        }
        long[] sum = ends.byTenant.computeIfAbsent(tenant, k -> new long[3]);
        sum[0] = Math.addExact(sum[0], amount);
        sum[1] = Math.addExact(sum[1], charged);
        sum[2] = Math.max(sum[2], now);
    }

    @Override
    public void flush() {
        byTenant.forEach((tenant, sum) -> accounts.end(tenant, sum[0], sum[1], sum[2]));
    }
}
