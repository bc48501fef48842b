package org.aiorg.budget;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A stand-in {@link BudgetGate} until the budget feature's gate (with its reservation table,
 * ledger and sweeper) is merged; registered only when no other gate exists.
 *
 * <p>The money is exact and the invariant {@code spent + reserved <= limit} is kept by the
 * database: reservations are conditional UPDATEs of {@code budget_account}
 * ({@code ... WHERE spent + reserved + amount <= limit}; a batch of one tenant's requests is one
 * such UPDATE for their sum, or one per request when the sum does not fit), and settle/release
 * move the reserved amount to spent or back. Settlements made inside a caller's transaction are
 * summed per tenant and written once, just before that transaction commits.
 *
 * <p>Reservations themselves live in this process only: settle and release are idempotent within
 * the process and expired reservations are swept here, but a process killed with reservations
 * outstanding leaves them reserved (never overspent, only too careful) until the real gate, whose
 * reservations are rows, replaces this one.
 */
class SqlAccountBudgetGate implements BudgetGate {

    private static final Logger log = LoggerFactory.getLogger(SqlAccountBudgetGate.class);

    /** Price per million tokens in micro-USD (USD 2.50 in, USD 10.00 out), for every model. */
    static final long INPUT_PER_MILLION = 2_500_000L;
    static final long OUTPUT_PER_MILLION = 10_000_000L;

    private record Held(TenantId tenant, long amount, Instant expiresAt, boolean sent) {}

    /** Reserved amount to take off and charge to add, per tenant, in one transaction. */
    private static final class Moves extends LinkedHashMap<TenantId, long[]> {}

    private final JdbcClient jdbc;
    private final Tx tx;
    private final InstantSource clock;
    private final Map<String, Held> reservations = new ConcurrentHashMap<>();

    SqlAccountBudgetGate(JdbcClient jdbc, Tx tx, InstantSource clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** Integer micro-USD, rounded up: a call never costs less than its tokens' price. */
    static long price(long inputTokens, long outputTokens) {
        return Math.ceilDiv(Math.multiplyExact(inputTokens, INPUT_PER_MILLION)
                + Math.multiplyExact(outputTokens, OUTPUT_PER_MILLION), 1_000_000L);
    }

    @Override
    public ReserveResult reserve(ReservationRequest r) {
        return reserveAll(List.of(r)).getFirst();
    }

    /** One transaction for the batch; per tenant one UPDATE for the sum when it fits. */
    @Override
    public List<ReserveResult> reserveAll(List<ReservationRequest> requests) {
        Map<TenantId, List<Integer>> byTenant = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byTenant.computeIfAbsent(requests.get(i).tenant(), k -> new ArrayList<>()).add(i);
        }
        ReserveResult[] results = new ReserveResult[requests.size()];
        long now = clock.millis();
        tx.run(() -> byTenant.forEach((tenant, indexes) -> {
            long sum = 0;
            for (int i : indexes) {
                sum += price(requests.get(i).promptTokens(), requests.get(i).maxOutputTokens());
            }
            if (indexes.size() > 1 && take(tenant, sum, now)) {
                indexes.forEach(i -> results[i] = reserved(requests.get(i)));
                return;
            }
            // The sum does not fit (or one request): each request on its own, in order.
            for (int i : indexes) {
                ReservationRequest r = requests.get(i);
                long amount = price(r.promptTokens(), r.maxOutputTokens());
                results[i] = take(tenant, amount, now) ? reserved(r) : refused(tenant, amount);
            }
        }));
        // Settle and release know a reservation only once it is committed.
        List<ReserveResult> out = List.of(results);
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof Reserved res) {
                reservations.put(res.reservationId(), new Held(requests.get(i).tenant(), res.amountMicros(), res.expiresAt(), false));
            }
        }
        return out;
    }

    private boolean take(TenantId tenant, long amount, long now) {
        return jdbc.sql("""
                UPDATE budget_account SET reserved_micros = reserved_micros + :amount, updated_at = :now
                WHERE tenant_id = :tenant AND spent_micros + reserved_micros + :amount <= limit_micros""")
                .param("amount", amount).param("now", now).param("tenant", tenant.value()).update() == 1;
    }

    private Reserved reserved(ReservationRequest r) {
        return new Reserved("r-" + UUID.randomUUID(), price(r.promptTokens(), r.maxOutputTokens()), clock.instant().plus(r.ttl()));
    }

    private Refused refused(TenantId tenant, long amount) {
        Long remaining = jdbc.sql("SELECT limit_micros - spent_micros - reserved_micros FROM budget_account WHERE tenant_id = :tenant")
                .param("tenant", tenant.value()).query(Long.class).optional().orElse(null);
        return new Refused(remaining == null ? amount : amount - remaining, "budget_exhausted", remaining == null
                ? "tenant " + tenant + " has no budget account"
                : "needs " + Micros.toUsd(amount) + " USD, " + Micros.toUsd(Math.max(0, remaining)) + " USD left");
    }

    @Override
    public void markSent(TenantId tenant, String reservationId) {
        reservations.computeIfPresent(reservationId, (k, h) -> new Held(h.tenant(), h.amount(), h.expiresAt(), true));
    }

    @Override
    public Settlement settle(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens) {
        Held h = take(reservationId);
        if (h == null) {
            return new Settlement(reservationId, 0, 0, true);
        }
        long charged = inputTokens == null || outputTokens == null ? h.amount()
                : Math.min(h.amount(), price(inputTokens, outputTokens));
        move(reservationId, h, charged);
        return new Settlement(reservationId, charged, h.amount() - charged, false);
    }

    @Override
    public void release(TenantId tenant, String reservationId) {
        Held h = take(reservationId);
        if (h != null) {
            move(reservationId, h, 0);
        }
    }

    /** Expired reservations: charged in full when the call may have been sent, else released. */
    @Scheduled(fixedDelayString = "${aiorg.budget.sweep-interval:10s}")
    void sweepExpired() {
        sweep();
    }

    int sweep() {
        Instant now = clock.instant();
        int n = 0;
        for (var e : reservations.entrySet()) {
            if (e.getValue().expiresAt().isBefore(now)) {
                Held h = take(e.getKey());
                if (h != null) {
                    move(e.getKey(), h, h.sent() ? h.amount() : 0);
                    n++;
                }
            }
        }
        if (n > 0) {
            log.info("Budget: {} expired reservation(s) settled or released", n);
        }
        return n;
    }

    private Held take(String reservationId) {
        return reservationId == null ? null : reservations.remove(reservationId);
    }

    /**
     * Moves a reservation to spent (charged) and back (the rest). Inside a caller's transaction the
     * moves are summed per tenant and written just before it commits (one UPDATE per tenant for a
     * worker's whole batch); if it rolls back, the reservations are outstanding again.
     */
    private void move(String id, Held h, long charged) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            Moves moves = (Moves) TransactionSynchronizationManager.getResource(this);
            if (moves == null) {
                Moves created = new Moves();
                moves = created;
                TransactionSynchronizationManager.bindResource(this, created);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        created.forEach((tenant, m) -> write(tenant, m[0], m[1]));
                    }

                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(SqlAccountBudgetGate.this);
                    }
                });
            }
            long[] m = moves.computeIfAbsent(h.tenant(), k -> new long[2]);
            m[0] += h.amount();
            m[1] += charged;
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        reservations.put(id, h);
                    }
                }
            });
            return;
        }
        try {
            tx.run(() -> write(h.tenant(), h.amount(), charged));
        } catch (RuntimeException e) {
            reservations.put(id, h);
            throw e;
        }
    }

    private void write(TenantId tenant, long reserved, long charged) {
        jdbc.sql("""
                UPDATE budget_account SET reserved_micros = reserved_micros - :amount,
                  spent_micros = spent_micros + :charged, updated_at = :now
                WHERE tenant_id = :tenant""")
                .param("amount", reserved).param("charged", charged).param("now", clock.millis())
                .param("tenant", tenant.value()).update();
    }
}
