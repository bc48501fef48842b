package org.aiorg.budget;

import java.util.List;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends reservations nobody settled before their expiry (a crashed or stuck worker): released, or
 * charged in full when marked sent. Every process may run one; the store lets only one of them
 * end each reservation.
 */
@Component
class BudgetSweeper {

    private static final Logger log = LoggerFactory.getLogger(BudgetSweeper.class);

    private final StoreBackedGate gate;
    private final BudgetAccountRepository accounts;
    private final BudgetProperties props;
    private final Tx tx;

    BudgetSweeper(StoreBackedGate gate, BudgetAccountRepository accounts, BudgetProperties props, Tx tx) {
        this.gate = gate;
        this.accounts = accounts;
        this.props = props;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${aiorg.budget.sweep-interval:10s}", initialDelayString = "${aiorg.budget.sweep-interval:10s}")
    void scheduled() {
        if (!props.sweeper()) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Budget sweep failed (retried at the next interval): {}", e.getMessage());
        }
    }

    /** @return how many reservations expired */
    int sweep() {
        List<TenantId> tenants = tx.read(accounts::all).stream().map(a -> TenantId.of(a.tenant())).toList();
        int n = gate.expireDue(tenants);
        if (n > 0) {
            log.info("Expired {} budget reservation(s)", n);
        }
        return n;
    }
}
