package org.aiorg.budget;

import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.List;
import org.aiorg.common.ClientError;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantCreated;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Tenants' budget accounts: opens one for every new tenant, reads them from the store, tops them
 * up, sets their limit, pages the ledger and reconciles the store with the ledger.
 */
@Service
public class Budgets {

    /** The most one top-up may add: a typo guard, not a business rule. */
    public static final long MAX_TOPUP_MICROS = 1_000_000L * Micros.PER_USD;
    public static final int MAX_PAGE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(Budgets.class);

    private final BudgetAccountRepository accounts;
    private final LedgerRepository ledger;
    private final BudgetStore store;
    private final Pricing pricing;
    private final BudgetProperties props;
    private final Tx tx;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;

    Budgets(BudgetAccountRepository accounts, LedgerRepository ledger, BudgetStore store, Pricing pricing, BudgetProperties props,
            Tx tx, InstantSource clock, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.store = store;
        this.pricing = pricing;
        this.props = props;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /** Runs inside the tenant's creating transaction: tenant and account exist together or not at all. */
    @EventListener
    void on(TenantCreated event) {
        long limit = event.initialBudgetMicros() != null ? event.initialBudgetMicros() : Micros.fromUsd(props.defaultLimitUsd());
        long now = clock.millis();
        accounts.open(event.tenant().id().value(), limit, now);
        ledger.insert(new LedgerEntry(LedgerRepository.nextId(now), event.tenant().id().value(), LedgerEntry.LIMIT, null, null, null,
                limit, 0, 0, null, null, limit, null, "opened", java.time.Instant.ofEpochMilli(now)));
    }

    /** The Redis store learns every tenant it does not know yet from the ledger (a restarted Redis). */
    @EventListener(ApplicationReadyEvent.class)
    void loadStore() {
        if (!store.name().equals("redis")) {
            return;
        }
        try {
            for (BudgetAccount a : tx.read(accounts::all)) {
                ((RedisBudgetStore) store).loadIfAbsent(TenantId.of(a.tenant()));
            }
        } catch (RuntimeException e) {
            log.error("Could not load budgets into Redis at start (reservations are refused until it answers): {}", e.getMessage());
        }
    }

    /** Which store checks reservations: sql or redis. */
    public String store() {
        return store.name();
    }

    public Pricing pricing() {
        return pricing;
    }

    public BudgetAccount account(TenantId tenant) {
        return store.account(tenant).orElseThrow(() -> ClientError.notFound("Budget account of tenant", tenant.value()));
    }

    public List<BudgetAccount> all() {
        return store.all();
    }

    /** Adds to the limit once per idempotency key; a repeated key returns the first result. */
    public TopUp topUp(TenantId tenant, long amountMicros, String idempotencyKey) {
        if (amountMicros <= 0) {
            throw ClientError.invalid("amount_usd", "must be > 0");
        }
        if (amountMicros > MAX_TOPUP_MICROS) {
            throw ClientError.invalid("amount_usd", "must be at most " + Micros.toUsd(MAX_TOPUP_MICROS).toPlainString() + " per top-up");
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ClientError.invalid("idempotency_key", "must be 1-200 characters");
        }
        TopUp result = store.topUp(tenant, amountMicros, idempotencyKey, clock.millis());
        if (!result.replayed()) {
            events.publishEvent(new BudgetToppedUp(tenant, amountMicros, result.limitMicros()));
            events.publishEvent(new BudgetIncreased(tenant));
        }
        return result;
    }

    /** Sets the limit; 409 when it is below spent + reserved. */
    public BudgetAccount setLimit(TenantId tenant, long limitMicros) {
        if (limitMicros < 0) {
            throw ClientError.invalid("limit_usd", "must be >= 0");
        }
        if (limitMicros > Limits.MAX_LIMIT_MICROS) {
            throw ClientError.invalid("limit_usd", "must be at most " + Micros.toUsd(Limits.MAX_LIMIT_MICROS).toPlainString());
        }
        BudgetStore.LimitChange change = store.setLimit(tenant, limitMicros, clock.millis());
        events.publishEvent(new BudgetLimitChanged(tenant, change.oldLimitMicros(), change.newLimitMicros()));
        if (change.newLimitMicros() > change.oldLimitMicros()) {
            events.publishEvent(new BudgetIncreased(tenant));
        }
        return account(tenant);
    }

    /** One page of the ledger and, when more rows follow, the cursor of the next page. */
    public record LedgerPage(List<LedgerEntry> items, String nextCursor) {}

    public LedgerPage ledger(TenantId tenant, String cursor, int limit) {
        LedgerCursor after = cursor == null || cursor.isBlank() ? null : LedgerCursor.decode(cursor);
        List<LedgerEntry> rows = tx.read(() -> ledger.page(tenant, after, limit + 1));
        if (rows.size() <= limit) {
            return new LedgerPage(rows, null);
        }
        List<LedgerEntry> page = rows.subList(0, limit);
        return new LedgerPage(page, LedgerCursor.after(page.getLast()).encode());
    }

    /**
     * Compares the store with the SQL ledger. With the Redis store, {@code rebuild} replaces what
     * Redis holds for the tenant by what the ledger says; the SQL store only reports.
     */
    public ReconcileReport reconcile(TenantId tenant, boolean rebuild) {
        return store.reconcile(tenant, rebuild);
    }

    public List<ReconcileReport> reconcileAll(boolean rebuild) {
        return tx.read(accounts::all).stream().map(a -> reconcile(TenantId.of(a.tenant()), rebuild)).toList();
    }

    /** USD, six decimals. */
    public static BigDecimal usd(long micros) {
        return Micros.toUsd(micros);
    }
}
