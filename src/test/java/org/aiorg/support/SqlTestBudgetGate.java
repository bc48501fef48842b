package org.aiorg.support;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.aiorg.budget.BudgetGate;
import org.aiorg.budget.BudgetIncreased;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * A small but complete SQL budget gate for the workers' tests, until the budget feature's gate is
 * merged: the money moves by conditional UPDATEs of {@code budget_account} (the invariant
 * {@code spent + reserved <= limit} is also the table's CHECK), and each reservation is a row of
 * its own table, so that settle, release and expiry are idempotent on the reservation id across
 * processes, and a killed worker's reservations are found and swept. Prices are exact integers.
 */
public class SqlTestBudgetGate implements BudgetGate {

    /** Micro-USD per million tokens (USD 2.50 in, USD 10.00 out). */
    public static final long INPUT_PER_MILLION = 2_500_000L;
    public static final long OUTPUT_PER_MILLION = 10_000_000L;

    private final JdbcClient jdbc;
    private final Tx tx;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;
    private final java.util.Map<TenantId, Long> lastRefused = new java.util.concurrent.ConcurrentHashMap<>();

    public SqlTestBudgetGate(JdbcClient jdbc, Tx tx, InstantSource clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
        tx.run(() -> jdbc.sql("""
                CREATE TABLE IF NOT EXISTS test_budget_reservation (
                  id VARCHAR(64) NOT NULL PRIMARY KEY, tenant_id VARCHAR(64) NOT NULL, task_id VARCHAR(8),
                  amount_micros BIGINT NOT NULL, charged_micros BIGINT, state VARCHAR(10) NOT NULL, expires_at BIGINT NOT NULL)""")
                .update());
    }

    public static long price(long in, long out) {
        return Math.ceilDiv(in * INPUT_PER_MILLION + out * OUTPUT_PER_MILLION, 1_000_000L);
    }

    @Override
    public ReserveResult reserve(ReservationRequest r) {
        long amount = price(r.promptTokens(), r.maxOutputTokens());
        String id = "t-" + UUID.randomUUID();
        long expires = clock.instant().plus(r.ttl()).toEpochMilli();
        Long remaining = tx.write(() -> {
            int n = jdbc.sql("""
                    UPDATE budget_account SET reserved_micros = reserved_micros + :amount
                    WHERE tenant_id = :tenant AND spent_micros + reserved_micros + :amount <= limit_micros""")
                    .param("amount", amount).param("tenant", r.tenant().value()).update();
            if (n == 1) {
                jdbc.sql("""
                        INSERT INTO test_budget_reservation (id, tenant_id, task_id, amount_micros, state, expires_at)
                        VALUES (:id, :tenant, :task, :amount, 'reserved', :expires)""")
                        .param("id", id).param("tenant", r.tenant().value()).param("task", r.taskId())
                        .param("amount", amount).param("expires", expires).update();
                return null;
            }
            return jdbc.sql("SELECT limit_micros - spent_micros - reserved_micros FROM budget_account WHERE tenant_id = :tenant")
                    .param("tenant", r.tenant().value()).query(Long.class).optional().orElse(0L);
        });
        if (remaining != null) {
            lastRefused.put(r.tenant(), amount);
            return new Refused(amount - remaining, "budget_exhausted", "needs " + amount + " micro-USD, " + remaining + " left");
        }
        return new Reserved(id, amount, Instant.ofEpochMilli(expires));
    }

    @Override
    public void markSent(TenantId tenant, String reservationId) {
        tx.run(() -> jdbc.sql("UPDATE test_budget_reservation SET state = 'sent' WHERE id = :id AND tenant_id = :tenant AND state = 'reserved'")
                .param("id", reservationId).param("tenant", tenant.value()).update());
    }

    @Override
    public Settlement settle(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens, String role) {
        return finish(tenant, reservationId, inputTokens == null || outputTokens == null ? null : price(inputTokens, outputTokens), "settled");
    }

    @Override
    public void release(TenantId tenant, String reservationId) {
        finish(tenant, reservationId, 0L, "released");
    }

    /** Moves the reservation to its final state exactly once; {@code charge} null = the whole amount. */
    private Settlement finish(TenantId tenant, String id, Long charge, String state) {
        return tx.write(() -> {
            Long amount = jdbc.sql("SELECT amount_micros FROM test_budget_reservation WHERE id = :id AND tenant_id = :tenant"
                            + " AND state IN ('reserved', 'sent')")
                    .param("id", id).param("tenant", tenant.value()).query(Long.class).optional().orElse(null);
            if (amount == null) {
                return new Settlement(id, 0, 0, true);
            }
            long charged = charge == null ? amount : Math.min(amount, charge);
            int n = jdbc.sql("UPDATE test_budget_reservation SET state = :state, charged_micros = :charged"
                            + " WHERE id = :id AND state IN ('reserved', 'sent')")
                    .param("state", state).param("charged", charged).param("id", id).update();
            if (n == 0) {
                return new Settlement(id, 0, 0, true);
            }
            jdbc.sql("""
                    UPDATE budget_account SET reserved_micros = reserved_micros - :amount, spent_micros = spent_micros + :charged
                    WHERE tenant_id = :tenant""")
                    .param("amount", amount).param("charged", charged).param("tenant", tenant.value()).update();
            return new Settlement(id, charged, amount - charged, false);
        });
    }

    /** The sweeper: expired reservations are charged in full once sent (the provider may have billed), else released. */
    @Scheduled(fixedDelayString = "${aiorg.test.budget-sweep:500ms}")
    public void sweep() {
        record Due(String id, String tenant, String state) {}
        List<Due> due = tx.read(() -> jdbc.sql("SELECT id, tenant_id, state FROM test_budget_reservation"
                        + " WHERE state IN ('reserved', 'sent') AND expires_at < :now")
                .param("now", clock.millis()).query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3))).list());
        for (Due d : due) {
            if (d.state().equals("sent")) {
                finish(TenantId.of(d.tenant()), d.id(), null, "settled");
            } else {
                finish(TenantId.of(d.tenant()), d.id(), 0L, "released");
            }
        }
    }

    /** Raises the tenant's limit and says so, as the budget feature will. */
    public void topUp(TenantId tenant, long micros) {
        tx.run(() -> jdbc.sql("UPDATE budget_account SET limit_micros = limit_micros + :m WHERE tenant_id = :tenant")
                .param("m", micros).param("tenant", tenant.value()).update());
        events.publishEvent(new BudgetIncreased(tenant));
    }

    /** The amount of the tenant's last refused reservation in this process (0 if none). */
    public long lastRefused(TenantId tenant) {
        return lastRefused.getOrDefault(tenant, 0L);
    }

    /** The tenant's account and its reservations, for assertions. */
    public record Books(long limit, long spent, long reserved, long chargedTotal, long open, long reservations) {}

    public Books books(TenantId tenant) {
        return tx.read(() -> {
            long[] account = jdbc.sql("SELECT limit_micros, spent_micros, reserved_micros FROM budget_account WHERE tenant_id = :t")
                    .param("t", tenant.value()).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
            long[] res = jdbc.sql("""
                    SELECT COALESCE(SUM(charged_micros), 0),
                           COALESCE(SUM(CASE WHEN state IN ('reserved', 'sent') THEN 1 ELSE 0 END), 0), COUNT(*)
                    FROM test_budget_reservation WHERE tenant_id = :t""")
                    .param("t", tenant.value()).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
            return new Books(account[0], account[1], account[2], res[0], res[1], res[2]);
        });
    }

    /** Reservations of one task as (state, amount, charged). */
    public List<String> reservationsOf(TenantId tenant, String taskId) {
        return tx.read(() -> jdbc.sql("SELECT state FROM test_budget_reservation WHERE tenant_id = :t AND task_id = :task ORDER BY id")
                .param("t", tenant.value()).param("task", taskId).query(String.class).list());
    }
}
