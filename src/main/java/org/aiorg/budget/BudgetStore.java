package org.aiorg.budget;

import java.util.List;
import java.util.Optional;
import org.aiorg.tenant.TenantId;

/**
 * Where the money invariant is checked and changed in one atomic step: the SQL database itself
 * ({@link SqlBudgetStore}) or Redis ({@link RedisBudgetStore}). Both write the same SQL ledger.
 * Prices, ids, times and events are the gate's business ({@link StoreBackedGate}), not the store's.
 */
interface BudgetStore extends AutoCloseable {

    /** What to reserve, already priced. */
    record NewReservation(String id, String taskId, String model, long amountMicros, long tokensIn, long tokensOut,
            long expiresAt, long now) {

        /** The ledger's reserve row of this reservation, for the tenant. */
        LedgerEntry ledgerRow(String tenant) {
            return new LedgerEntry(LedgerRepository.nextId(now), tenant, LedgerEntry.RESERVE, id, taskId, model, amountMicros, 0, 0,
                    tokensIn, tokensOut, null, java.time.Instant.ofEpochMilli(expiresAt), null, java.time.Instant.ofEpochMilli(now));
        }
    }

    /** Reserved, or refused with the shortfall (and the remaining budget the refusal saw). */
    record Reserve(boolean reserved, long shortfallMicros, long remainingMicros) {}

    /**
     * How a reservation ended.
     *
     * @param won true for the call that ended it; false when it had ended before (then the
     *            amounts are those of that first end)
     */
    record End(String tenant, String reservationId, String taskId, String model, String state, boolean sent, long amountMicros,
            long chargedMicros, long releasedMicros, boolean won) {}

    /** A limit change: the limit before and after. */
    record LimitChange(long oldLimitMicros, long newLimitMicros) {}

    String name();

    /** @throws org.aiorg.common.ClientError 404 when the tenant has no account */
    Reserve reserve(TenantId tenant, NewReservation r);

    /** One reservation of a batch: for which tenant, what. */
    record ReserveRequest(TenantId tenant, NewReservation reservation) {}

    /**
     * The answer to one request of a batch: its {@link Reserve}, or the error it failed with
     * ({@link Unavailable}, or a {@link org.aiorg.common.ClientError} for a tenant without account).
     */
    record ReserveOutcome(Reserve reserve, RuntimeException error) {}

    /**
     * Reserves for a batch, each request answered as {@link #reserve} would answer it had the
     * requests been made one after the other in the given order. A store may take the batch in one
     * round trip (one transaction, one pipeline); this default asks one by one.
     */
    default List<ReserveOutcome> reserveAll(List<ReserveRequest> requests) {
        List<ReserveOutcome> out = new java.util.ArrayList<>(requests.size());
        for (ReserveRequest r : requests) {
            try {
                out.add(new ReserveOutcome(reserve(r.tenant(), r.reservation()), null));
            } catch (RuntimeException e) {
                out.add(new ReserveOutcome(null, e));
            }
        }
        return out;
    }

    /** @return false when the reservation is not open (ended, or unknown) */
    boolean markSent(TenantId tenant, String reservationId, long now);

    /**
     * Marks a batch sent, as {@link #markSent} one after the other would; a store may do it in one
     * round trip. This default marks them one by one.
     *
     * @return how many were marked (the others had ended, were unknown or were already sent)
     */
    default int markSentAll(List<BudgetGate.ReservationRef> reservations, long now) {
        int n = 0;
        for (BudgetGate.ReservationRef r : reservations) {
            if (markSent(r.tenant(), r.reservationId(), now)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Settles (charge = min(actual, amount); null actual: the amount) or releases (charge 0).
     *
     * @throws org.aiorg.common.ClientError 404 for an unknown reservation
     */
    End end(TenantId tenant, String reservationId, boolean settle, Long actualMicros, Long tokensIn, Long tokensOut, long now);

    /** One settlement of a batch, already priced (null actual: the whole amount). */
    record SettleEnd(TenantId tenant, String reservationId, Long actualMicros, Long tokensIn, Long tokensOut) {}

    /**
     * Settles a batch, each as {@link #end} with {@code settle} would had they been made one after
     * the other in the given order. This default settles one by one.
     */
    default List<End> settleAll(List<SettleEnd> settlements, long now) {
        List<End> out = new java.util.ArrayList<>(settlements.size());
        for (SettleEnd s : settlements) {
            out.add(end(s.tenant(), s.reservationId(), true, s.actualMicros(), s.tokensIn(), s.tokensOut(), now));
        }
        return out;
    }

    /** Ends up to {@code max} reservations whose expiry is at or before {@code now}, of every tenant. */
    List<End> expireDue(List<TenantId> tenants, long now, int max);

    /** The model a reservation was made for (to price the reported usage). */
    Optional<String> modelOf(TenantId tenant, String reservationId);

    Optional<BudgetAccount> account(TenantId tenant);

    List<BudgetAccount> all();

    TopUp topUp(TenantId tenant, long amountMicros, String idempotencyKey, long now);

    /** @throws org.aiorg.common.ClientError 409 when the limit is below spent + reserved */
    LimitChange setLimit(TenantId tenant, long limitMicros, long now);

    /** Compares the store with the SQL ledger; rebuilds the store from it when asked (Redis). */
    ReconcileReport reconcile(TenantId tenant, boolean rebuild);

    @Override
    default void close() {}

    /** The store cannot answer (Redis down or timing out): reservations are refused, fail closed. */
    class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
