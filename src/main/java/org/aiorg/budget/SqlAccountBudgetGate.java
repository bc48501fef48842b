package org.aiorg.budget;

import java.time.Instant;
import java.time.InstantSource;
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
 * ledger and sweeper) is merged; registered only when no other gate exists. The money is exact:
 * each reserve is one conditional UPDATE of {@code budget_account}
 * ({@code spent + reserved + amount <= limit}), and settle/release move the reserved amount
 * to spent or back in one UPDATE. Reservations themselves live in this process only, so:
 * settle and release are idempotent within the process, expired reservations are swept here,
 * but a process killed with reservations outstanding leaves them reserved (never overspent,
 * only too careful) until the real gate's sweeper exists.
 */
class SqlAccountBudgetGate implements BudgetGate {

    private static final Logger log = LoggerFactory.getLogger(SqlAccountBudgetGate.class);

    /** Price per million tokens in micro-USD (USD 2.50 in, USD 10.00 out), for every model. */
    static final long INPUT_PER_MILLION = 2_500_000L;
    static final long OUTPUT_PER_MILLION = 10_000_000L;

    private record Held(TenantId tenant, long amount, Instant expiresAt, boolean sent) {}

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
        long amount = price(r.promptTokens(), r.maxOutputTokens());
        long now = clock.millis();
        int updated = tx.write(() -> jdbc.sql("""
                UPDATE budget_account SET reserved_micros = reserved_micros + :amount, updated_at = :now
                WHERE tenant_id = :tenant AND spent_micros + reserved_micros + :amount <= limit_micros""")
                .param("amount", amount).param("now", now).param("tenant", r.tenant().value()).update());
        if (updated == 0) {
            Long remaining = tx.read(() -> jdbc.sql(
                    "SELECT limit_micros - spent_micros - reserved_micros FROM budget_account WHERE tenant_id = :tenant")
                    .param("tenant", r.tenant().value()).query(Long.class).optional().orElse(null));
            long shortfall = remaining == null ? amount : amount - remaining;
            return new Refused(shortfall, "budget_exhausted", remaining == null
                    ? "tenant " + r.tenant() + " has no budget account"
                    : "needs " + Micros.toUsd(amount) + " USD, " + Micros.toUsd(Math.max(0, remaining)) + " USD left");
        }
        String id = "r-" + UUID.randomUUID();
        Instant expires = clock.instant().plus(r.ttl());
        reservations.put(id, new Held(r.tenant(), amount, expires, false));
        return new Reserved(id, amount, expires);
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

    private void move(String id, Held h, long charged) {
        try {
            tx.run(() -> {
                jdbc.sql("""
                        UPDATE budget_account SET reserved_micros = reserved_micros - :amount,
                          spent_micros = spent_micros + :charged, updated_at = :now
                        WHERE tenant_id = :tenant""")
                        .param("amount", h.amount()).param("charged", charged).param("now", clock.millis())
                        .param("tenant", h.tenant().value()).update();
                if (TransactionSynchronizationManager.isSynchronizationActive()) {
                    // Joined a caller's transaction (settle with done): if that rolls back, so did
                    // this update, and the reservation must be outstanding again.
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            if (status != STATUS_COMMITTED) {
                                reservations.put(id, h);
                            }
                        }
                    });
                }
            });
        } catch (RuntimeException e) {
            reservations.put(id, h);
            throw e;
        }
    }
}
