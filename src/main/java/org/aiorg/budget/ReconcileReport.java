package org.aiorg.budget;

/**
 * What a reconcile found for one tenant: the account as the store had it, as the SQL ledger says
 * it must be, and whether the store was rebuilt from the ledger.
 */
public record ReconcileReport(String tenant, String store, BudgetAccount before, BudgetAccount fromLedger,
        int openReservations, boolean rebuilt) {

    public boolean matched() {
        return before != null && before.equals(fromLedger);
    }
}
