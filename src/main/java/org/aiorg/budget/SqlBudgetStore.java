package org.aiorg.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aiorg.common.ClientError;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;

/**
 * The embedded store: the SQL database itself. Each operation is one transaction whose first
 * statement is a conditional UPDATE, so the check and the change are one atomic step for any
 * number of threads and processes (PostgreSQL row lock; SQLite's single writer), and the CHECK
 * constraint of budget_account backs the invariant up. The ledger row is written in the same
 * transaction.
 */
class SqlBudgetStore implements BudgetStore {

    private final BudgetAccountRepository accounts;
    private final ReservationRepository reservations;
    private final LedgerRepository ledger;
    private final Limits limits;
    private final Tx tx;

    SqlBudgetStore(BudgetAccountRepository accounts, ReservationRepository reservations, LedgerRepository ledger, Tx tx) {
        this.accounts = accounts;
        this.reservations = reservations;
        this.ledger = ledger;
        this.limits = new Limits(accounts, ledger, tx);
        this.tx = tx;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Reserve reserve(TenantId tenant, NewReservation r) {
        String t = tenant.value();
        return tx.write(() -> {
            if (!accounts.reserve(t, r.amountMicros(), r.now())) {
                BudgetAccount a = accounts.find(t).orElseThrow(() -> ClientError.notFound("Budget account of tenant", t));
                return new Reserve(false, r.amountMicros() - a.remainingMicros(), a.remainingMicros());
            }
            reservations.insert(t, r.id(), r.taskId(), r.model(), r.amountMicros(), r.tokensIn(), r.tokensOut(), r.expiresAt(), r.now());
            ledger.insert(new LedgerEntry(LedgerRepository.nextId(r.now()), t, LedgerEntry.RESERVE, r.id(), r.taskId(), r.model(),
                    r.amountMicros(), 0, 0, r.tokensIn(), r.tokensOut(), null, Instant.ofEpochMilli(r.expiresAt()), null,
                    Instant.ofEpochMilli(r.now())));
            return new Reserve(true, 0, -1);
        });
    }

    @Override
    public boolean markSent(TenantId tenant, String reservationId, long now) {
        String t = tenant.value();
        return tx.write(() -> {
            if (!reservations.markSent(t, reservationId, now)) {
                return false;
            }
            ReservationRepository.Row r = reservations.find(t, reservationId).orElseThrow();
            ledger.insert(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.SENT, reservationId, r.taskId(), r.model(),
                    r.amountMicros(), 0, 0, null, null, null, null, null, Instant.ofEpochMilli(now)));
            return true;
        });
    }

    @Override
    public End end(TenantId tenant, String reservationId, boolean settle, Long actualMicros, Long tokensIn, Long tokensOut, long now) {
        String t = tenant.value();
        return tx.write(() -> {
            String state = settle ? "settled" : "released";
            boolean won = reservations.end(t, reservationId, state, actualMicros, now);
            ReservationRepository.Row r = reservations.find(t, reservationId)
                    .orElseThrow(() -> ClientError.notFound("Reservation", reservationId));
            End end = toEnd(r, won);
            if (won) {
                book(t, r, end, settle ? LedgerEntry.SETTLE : LedgerEntry.RELEASE, tokensIn, tokensOut, now);
            }
            return end;
        });
    }

    @Override
    public List<End> expireDue(List<TenantId> tenants, long now, int max) {
        List<End> out = new ArrayList<>();
        for (String[] due : tx.read(() -> reservations.due(now, max))) {
            String t = due[0];
            String id = due[1];
            End end = tx.write(() -> {
                if (!reservations.end(t, id, "expired", null, now)) {
                    return null; // settled, released or expired by someone else meanwhile
                }
                ReservationRepository.Row r = reservations.find(t, id).orElseThrow();
                End e = toEnd(r, true);
                book(t, r, e, LedgerEntry.EXPIRE, null, null, now);
                return e;
            });
            if (end != null) {
                out.add(end);
            }
        }
        return out;
    }

    private void book(String t, ReservationRepository.Row r, End e, String kind, Long tokensIn, Long tokensOut, long now) {
        accounts.end(t, e.amountMicros(), e.chargedMicros(), now);
        ledger.insert(new LedgerEntry(LedgerRepository.nextId(now), t, kind, r.id(), r.taskId(), r.model(), e.amountMicros(),
                e.chargedMicros(), e.releasedMicros(), tokensIn, tokensOut, null, null, null, Instant.ofEpochMilli(now)));
    }

    private static End toEnd(ReservationRepository.Row r, boolean won) {
        long charged = r.chargedMicros() == null ? 0 : r.chargedMicros();
        long released = r.state().equals("open") ? 0 : r.amountMicros() - charged;
        return new End(r.tenant(), r.id(), r.taskId(), r.model(), r.state(), r.sent(), r.amountMicros(), charged, released, won);
    }

    @Override
    public Optional<String> modelOf(TenantId tenant, String reservationId) {
        return tx.read(() -> reservations.find(tenant.value(), reservationId)).map(ReservationRepository.Row::model);
    }

    @Override
    public Optional<BudgetAccount> account(TenantId tenant) {
        return tx.read(() -> accounts.find(tenant.value()));
    }

    @Override
    public List<BudgetAccount> all() {
        return tx.read(accounts::all);
    }

    @Override
    public TopUp topUp(TenantId tenant, long amountMicros, String idempotencyKey, long now) {
        return limits.topUp(tenant, amountMicros, idempotencyKey, now, SqlBudgetStore::checkInSql);
    }

    @Override
    public LimitChange setLimit(TenantId tenant, long limitMicros, long now) {
        return limits.setLimit(tenant, limitMicros, now, SqlBudgetStore::checkInSql);
    }

    private static Limits.Applied checkInSql(TenantId tenant, long limit, long version, boolean mustFit, BudgetAccount a) {
        return new Limits.Applied(!mustFit || a.spentMicros() + a.reservedMicros() <= limit, a.spentMicros(), a.reservedMicros(), false);
    }

    /**
     * The account is the truth here and moves in the same transactions as the ledger, so they
     * agree unless someone edited the tables by hand; then the account is reported, not repaired.
     */
    @Override
    public ReconcileReport reconcile(TenantId tenant, boolean rebuild) {
        String t = tenant.value();
        return tx.read(() -> {
            BudgetAccount a = accounts.find(t).orElseThrow(() -> ClientError.notFound("Budget account of tenant", t));
            List<LedgerRepository.Open> open = ledger.open(tenant);
            long reserved = open.stream().mapToLong(LedgerRepository.Open::amountMicros).sum();
            BudgetAccount derived = new BudgetAccount(t, a.limitMicros(), ledger.spent(tenant), reserved);
            return new ReconcileReport(t, name(), a, derived, open.size(), false);
        });
    }
}
