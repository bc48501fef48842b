package org.aiorg.budget;

import java.time.InstantSource;
import java.util.List;
import org.aiorg.common.ClientError;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantCreated;
import org.aiorg.tenant.TenantId;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/** Reads tenants' budget accounts and opens one for every new tenant. */
@Service
@EnableConfigurationProperties(BudgetProperties.class)
public class Budgets {

    private final BudgetAccountRepository accounts;
    private final BudgetProperties props;
    private final Tx tx;
    private final InstantSource clock;

    Budgets(BudgetAccountRepository accounts, BudgetProperties props, Tx tx, InstantSource clock) {
        this.accounts = accounts;
        this.props = props;
        this.tx = tx;
        this.clock = clock;
    }

    /** Runs inside the tenant's creating transaction: tenant and account exist together or not at all. */
    @EventListener
    void on(TenantCreated event) {
        long limit = event.initialBudgetMicros() != null ? event.initialBudgetMicros() : Micros.fromUsd(props.defaultLimitUsd());
        accounts.open(event.tenant().id().value(), limit, clock.millis());
    }

    public BudgetAccount account(TenantId tenant) {
        return tx.read(() -> accounts.find(tenant.value()))
                .orElseThrow(() -> ClientError.notFound("Budget account of tenant", tenant.value()));
    }

    public List<BudgetAccount> all() {
        return tx.read(accounts::all);
    }
}
