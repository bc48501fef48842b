package org.aiorg.budget;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;

/**
 * Top-ups and limit changes, the same for both stores: they are rare, so they always go through
 * SQL with the account row locked, and the store applies the new limit inside that transaction
 * (the Redis store checks it against its own spent and reserved). The limit version orders the
 * changes that Redis sees.
 */
class Limits {

    /** The largest limit: Lua numbers are doubles, exact up to 2^53 micro-USD (9 billion USD). */
    static final long MAX_LIMIT_MICROS = 1_000_000_000L * Micros.PER_USD;

    /** Where reservations are checked: applies a new limit, or refuses it when it must fit and doesn't. */
    interface Target {
        Applied apply(TenantId tenant, long newLimit, long version, boolean mustFit, BudgetAccount sqlAccount);
    }

    /**
     * @param snapshot true when spent and reserved come from another store and are to be written to SQL
     */
    record Applied(boolean ok, long spent, long reserved, boolean snapshot) {}

    private final BudgetAccountRepository accounts;
    private final LedgerRepository ledger;
    private final Tx tx;

    Limits(BudgetAccountRepository accounts, LedgerRepository ledger, Tx tx) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.tx = tx;
    }

    TopUp topUp(TenantId tenant, long amount, String key, long now, Target target) {
        String t = tenant.value();
        return tx.write(() -> {
            BudgetAccountRepository.Row row = lockedRow(t, now);
            long limit = row.account().limitMicros() + amount;
            if (!accounts.insertTopUp(t, key, amount, limit, now)) {
                TopUp first = accounts.findTopUp(t, key).orElseThrow();
                if (first.amountMicros() != amount) {
                    throw ClientError.conflict("idempotency-key-reused",
                            "Idempotency key '" + key + "' was used for a top-up of " + Micros.toUsd(first.amountMicros()).toPlainString()
                                    + " USD; a repeat must send the same amount",
                            List.of(new FieldProblem("idempotency_key", "was used with another amount")),
                            Map.of("amount_usd", Micros.toUsd(first.amountMicros())));
                }
                return first;
            }
            if (limit > MAX_LIMIT_MICROS) {
                throw ClientError.invalid("amount_usd", "would take the limit above " + Micros.toUsd(MAX_LIMIT_MICROS).toPlainString() + " USD");
            }
            write(tenant, row, limit, now, target, false);
            ledger.insert(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.TOPUP, null, null, null, amount, 0, 0,
                    null, null, limit, null, key, Instant.ofEpochMilli(now)));
            return new TopUp(t, key, amount, limit, Instant.ofEpochMilli(now), false);
        });
    }

    BudgetStore.LimitChange setLimit(TenantId tenant, long limit, long now, Target target) {
        String t = tenant.value();
        return tx.write(() -> {
            BudgetAccountRepository.Row row = lockedRow(t, now);
            long old = row.account().limitMicros();
            write(tenant, row, limit, now, target, true);
            ledger.insert(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.LIMIT, null, null, null, limit - old, 0, 0,
                    null, null, limit, null, null, Instant.ofEpochMilli(now)));
            return new BudgetStore.LimitChange(old, limit);
        });
    }

    private BudgetAccountRepository.Row lockedRow(String tenant, long now) {
        if (!accounts.lock(tenant, now)) {
            throw ClientError.notFound("Budget account of tenant", tenant);
        }
        return accounts.findRow(tenant).orElseThrow();
    }

    private void write(TenantId tenant, BudgetAccountRepository.Row row, long limit, long now, Target target, boolean mustFit) {
        long version = row.limitVersion() + 1;
        Applied applied = target.apply(tenant, limit, version, mustFit, row.account());
        if (!applied.ok()) {
            throw ClientError.conflict("limit-below-committed",
                    "The limit " + Micros.toUsd(limit).toPlainString() + " USD is below spent + reserved ("
                            + Micros.toUsd(applied.spent() + applied.reserved()).toPlainString() + " USD)",
                    List.of(new FieldProblem("limit_usd", "must be at least spent + reserved = "
                            + Micros.toUsd(applied.spent() + applied.reserved()).toPlainString())),
                    Map.of("spent_usd", Micros.toUsd(applied.spent()), "reserved_usd", Micros.toUsd(applied.reserved())));
        }
        if (applied.snapshot() && applied.spent() + applied.reserved() <= limit) {
            accounts.setLimitAndSnapshot(tenant.value(), limit, version, applied.spent(), applied.reserved(), now);
        } else {
            accounts.setLimit(tenant.value(), limit, version, now);
        }
    }
}
