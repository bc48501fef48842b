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
 * transaction. Called inside a transaction (the workers' batch of outcomes), an operation joins
 * it ({@link Tx#write} propagates), so a batch of settlements commits once, with the outcomes.
 */
class SqlBudgetStore implements BudgetStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SqlBudgetStore.class);

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
            ledger.insert(r.ledgerRow(t));
            return new Reserve(true, 0, -1);
        });
    }

    /**
     * The batch in one transaction. First try: the reservation and ledger rows are inserted (two
     * JDBC batches), then per tenant (in tenant order, so that concurrent batches lock accounts in
     * the same order) one conditional UPDATE takes the batch's total; written last, the account
     * row stays locked only through the commit. When a total does not fit, that transaction is
     * rolled back and a second one locks the accounts first and takes the requests in the caller's
     * order as long as each fits what the earlier ones left (what one-by-one reservations would
     * answer). If a transaction fails otherwise, the requests are tried one by one.
     */
    @Override
    public List<ReserveOutcome> reserveAll(List<ReserveRequest> requests) {
        if (requests.size() < 2) {
            return BudgetStore.super.reserveAll(requests);
        }
        try {
            // Inside a caller's transaction a rollback would be the caller's: go the careful way at once.
            if (!org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()) {
                try {
                    return tx.write(() -> reserveAllOrNothing(requests));
                } catch (DoesNotFit | org.springframework.dao.DataIntegrityViolationException e) {
                    // some tenant's total does not fit (or it has no account): decide request by request
                }
            }
            return tx.write(() -> reserveBatch(requests));
        } catch (RuntimeException e) {
            log.warn("Reserving {} call(s) in one transaction failed ({}); reserving them one by one", requests.size(), e.getMessage());
            return BudgetStore.super.reserveAll(requests);
        }
    }

    /** Thrown to roll back a batch whose total does not fit; never leaves this class. */
    private static final class DoesNotFit extends RuntimeException {
        DoesNotFit() {
            super(null, null, false, false);
        }
    }

    private List<ReserveOutcome> reserveAllOrNothing(List<ReserveRequest> requests) {
        java.util.TreeMap<String, Long> totals = new java.util.TreeMap<>();
        for (ReserveRequest r : requests) {
            totals.merge(r.tenant().value(), r.reservation().amountMicros(), Math::addExact);
        }
        boolean[] all = new boolean[requests.size()];
        java.util.Arrays.fill(all, true);
        insertReserved(requests, all);
        long now = requests.getFirst().reservation().now();
        for (var e : totals.entrySet()) {
            if (!accounts.reserve(e.getKey(), e.getValue(), now)) {
                throw new DoesNotFit();
            }
        }
        ReserveOutcome ok = new ReserveOutcome(new Reserve(true, 0, -1), null);
        return java.util.Collections.nCopies(requests.size(), ok);
    }

    /** The reservation rows and their ledger rows of the requests marked reserved, as two JDBC batches. */
    private void insertReserved(List<ReserveRequest> requests, boolean[] reserved) {
        List<NewReservation> rows = new ArrayList<>();
        List<String> tenants = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (reserved[i]) {
                String t = requests.get(i).tenant().value();
                NewReservation r = requests.get(i).reservation();
                rows.add(r);
                tenants.add(t);
                entries.add(r.ledgerRow(t));
            }
        }
        reservations.insertAll(tenants.toArray(String[]::new), rows);
        ledger.insertAll(entries);
    }

    private List<ReserveOutcome> reserveBatch(List<ReserveRequest> requests) {
        int n = requests.size();
        ReserveOutcome[] out = new ReserveOutcome[n];
        java.util.TreeMap<String, List<Integer>> byTenant = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            byTenant.computeIfAbsent(requests.get(i).tenant().value(), k -> new ArrayList<>()).add(i);
        }
        long now = requests.getFirst().reservation().now();
        for (var e : byTenant.entrySet()) {
            String t = e.getKey();
            List<Integer> mine = e.getValue();
            long total = 0;
            for (int i : mine) {
                total = Math.addExact(total, requests.get(i).reservation().amountMicros());
            }
            if (accounts.reserve(t, total, now)) {
                mine.forEach(i -> out[i] = new ReserveOutcome(new Reserve(true, 0, -1), null));
                continue;
            }
            if (!accounts.lock(t, now)) {
                RuntimeException missing = ClientError.notFound("Budget account of tenant", t);
                mine.forEach(i -> out[i] = new ReserveOutcome(null, missing));
                continue;
            }
            long remaining = accounts.find(t).orElseThrow().remainingMicros();
            long taken = 0;
            for (int i : mine) {
                long amount = requests.get(i).reservation().amountMicros();
                if (amount <= remaining) {
                    remaining -= amount;
                    taken += amount;
                    out[i] = new ReserveOutcome(new Reserve(true, 0, -1), null);
                } else {
                    out[i] = new ReserveOutcome(new Reserve(false, amount - remaining, remaining), null);
                }
            }
            if (taken > 0 && !accounts.reserve(t, taken, now)) {
                throw new IllegalStateException("the locked budget account of tenant " + t + " changed during the batch");
            }
        }
        boolean[] reserved = new boolean[n];
        for (int i = 0; i < n; i++) {
            reserved[i] = out[i].reserve() != null && out[i].reserve().reserved();
        }
        insertReserved(requests, reserved);
        return List.of(out);
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

    private static final int IN_CHUNK = 500;

    /**
     * The batch in one transaction: per tenant (in tenant order) the open, unsent reservations are
     * read, then marked sent with one UPDATE ... WHERE id IN (...); the sent ledger rows go in one
     * JDBC batch. Should the UPDATE mark other rows than were read (a reservation ended or marked
     * concurrently in between), the transaction is rolled back and the batch marked one by one;
     * so is it when the transaction fails.
     */
    @Override
    public int markSentAll(List<BudgetGate.ReservationRef> refs, long now) {
        if (refs.size() < 2) {
            return BudgetStore.super.markSentAll(refs, now);
        }
        try {
            return tx.write(() -> markSentBatch(refs, now));
        } catch (RuntimeException e) {
            log.warn("Marking {} reservation(s) sent in one transaction failed ({}); marking them one by one", refs.size(),
                    e.getMessage());
            return BudgetStore.super.markSentAll(refs, now);
        }
    }

    private int markSentBatch(List<BudgetGate.ReservationRef> refs, long now) {
        java.util.TreeMap<String, java.util.LinkedHashSet<String>> byTenant = new java.util.TreeMap<>();
        for (BudgetGate.ReservationRef r : refs) {
            byTenant.computeIfAbsent(r.tenant().value(), k -> new java.util.LinkedHashSet<>()).add(r.reservationId());
        }
        List<LedgerEntry> entries = new ArrayList<>();
        for (var e : byTenant.entrySet()) {
            String t = e.getKey();
            List<String> ids = new ArrayList<>(e.getValue());
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
                List<ReservationRepository.Unsent> unsent = reservations.unsent(t, chunk);
                if (unsent.isEmpty()) {
                    continue;
                }
                int marked = reservations.markSentAll(t, chunk, now);
                if (marked != unsent.size()) {
                    throw new IllegalStateException("reservations of tenant " + t + " changed while being marked sent ("
                            + unsent.size() + " read, " + marked + " marked)");
                }
                for (ReservationRepository.Unsent u : unsent) {
                    entries.add(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.SENT, u.id(), u.taskId(), u.model(),
                            u.amountMicros(), 0, 0, null, null, null, null, null, Instant.ofEpochMilli(now)));
                }
            }
        }
        ledger.insertAll(entries);
        return entries.size();
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

    /**
     * The batch in one transaction (the caller's, when there is one: the workers' outcome batch).
     * Per tenant (in tenant order) one statement per 500 ends the open reservations and returns
     * them ({@link ReservationRepository#settleOpen}); a reservation that was not open is read
     * (it was ended before: not won) or fails the whole batch when unknown (404), as a single
     * settle would. The ledger rows go in one JDBC batch; the account moves once per tenant, last
     * in the transaction ({@link AccountEnds}). A reservation named twice is won once.
     */
    @Override
    public List<End> settleAll(List<SettleEnd> settlements, long now) {
        if (settlements.size() < 2) {
            return BudgetStore.super.settleAll(settlements, now);
        }
        return tx.write(() -> settleBatch(settlements, now));
    }

    private List<End> settleBatch(List<SettleEnd> settlements, long now) {
        java.util.TreeMap<String, java.util.LinkedHashMap<String, Long>> byTenant = new java.util.TreeMap<>();
        for (SettleEnd s : settlements) {
            byTenant.computeIfAbsent(s.tenant().value(), k -> new java.util.LinkedHashMap<>()).putIfAbsent(s.reservationId(),
                    s.actualMicros());
        }
        java.util.Map<String, java.util.Map<String, ReservationRepository.Row>> ended = new java.util.HashMap<>();
        for (var e : byTenant.entrySet()) {
            List<String> ids = new ArrayList<>(e.getValue().keySet());
            List<Long> charges = new ArrayList<>(e.getValue().values());
            java.util.Map<String, ReservationRepository.Row> won = new java.util.HashMap<>();
            for (int from = 0; from < ids.size(); from += org.aiorg.db.SqlValues.MAX_ROWS) {
                int to = Math.min(ids.size(), from + org.aiorg.db.SqlValues.MAX_ROWS);
                won.putAll(reservations.settleOpen(e.getKey(), ids.subList(from, to), charges.subList(from, to), now));
            }
            ended.put(e.getKey(), won);
        }
        List<End> out = new ArrayList<>(settlements.size());
        List<LedgerEntry> entries = new ArrayList<>();
        for (SettleEnd s : settlements) {
            String t = s.tenant().value();
            ReservationRepository.Row r = ended.get(t).remove(s.reservationId());
            if (r == null) {
                ReservationRepository.Row before = reservations.find(t, s.reservationId())
                        .orElseThrow(() -> ClientError.notFound("Reservation", s.reservationId()));
                out.add(toEnd(before, false));
                continue;
            }
            End end = toEnd(r, true);
            out.add(end);
            AccountEnds.end(accounts, t, end.amountMicros(), end.chargedMicros(), now);
            entries.add(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.SETTLE, r.id(), r.taskId(), r.model(),
                    end.amountMicros(), end.chargedMicros(), end.releasedMicros(), s.tokensIn(), s.tokensOut(), null, null, null,
                    Instant.ofEpochMilli(now)));
        }
        ledger.insertAll(entries);
        return List.copyOf(out);
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
        AccountEnds.end(accounts, t, e.amountMicros(), e.chargedMicros(), now);
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
