package org.aiorg.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aiorg.support.EmbeddedRedis;
import org.aiorg.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Redis store, with its ledger in PostgreSQL (the scale-out pair). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"aiorg.metrics.refresh=1h", "aiorg.budget.sweep-interval=1h", "aiorg.budget.store=redis"})
class RedisBudgetGateTest extends BudgetGateContract {

    private static final String DB = TestDatabases.newPostgresUrl();
    private static final String REDIS = EmbeddedRedis.url();

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
        registry.add("aiorg.redis.url", () -> REDIS);
    }

    @Override
    String dbUrl() {
        return DB;
    }

    @Override
    String redisUrl() {
        return REDIS;
    }

    @Test
    void nothingIsLostWhenRedisRestartsEmpty() {
        BudgetGate.Reserved settled = reserve("t1");
        gate.settle(tenant, settled.reservationId(), 300L, 300L);
        BudgetGate.Reserved open = reserve("t2");
        BudgetGate.Reserved sent = reserve("t3");
        gate.markSent(tenant, sent.reservationId());
        budgets.topUp(tenant, 250_000, "before-restart");
        BudgetAccount before = account();
        assertThat(before).isEqualTo(new BudgetAccount(tenant.value(), 1_250_000, 300, 2_000));

        EmbeddedRedis.restartEmpty();

        // first use after the restart loads the tenant from the SQL ledger
        assertThat(account()).isEqualTo(before);
        // and a full rebuild finds the same
        ReconcileReport report = budgets.reconcile(tenant, true);
        assertThat(report.rebuilt()).isTrue();
        assertThat(report.fromLedger()).isEqualTo(before);
        assertThat(report.before()).isEqualTo(before);
        assertThat(account()).isEqualTo(before);
        List<ReconcileReport> all = budgets.reconcileAll(true);
        assertThat(all).allSatisfy(r -> assertThat(r.rebuilt()).isTrue());

        // the open reservations still work, the settled one stays settled, the sent mark survived
        assertThat(gate.settle(tenant, open.reservationId(), 1_000L, 1_000L).chargedMicros()).isEqualTo(1_000);
        assertThat(gate.settle(tenant, settled.reservationId(), null, null).alreadySettled()).isTrue();
        clock.advance(java.time.Duration.ofHours(1));
        sweeper.sweep();
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_250_000, 300 + 1_000 + 1_000, 0));
    }

    @Test
    void aRedisErrorRefusesTheReservation() {
        try (var harness = new BudgetHarness(DB, "redis://127.0.0.1:1", 2)) {
            BudgetGate.ReserveResult r = harness.gate.reserve(new BudgetGate.ReservationRequest(tenant, "t1", MODEL, 10, 10, null));
            assertThat(r).isInstanceOf(BudgetGate.Refused.class);
            assertThat(((BudgetGate.Refused) r).reason()).isEqualTo("store_unavailable");
            assertThat(((BudgetGate.Refused) r).detail()).contains("redis");
        }
        assertThat(account().reservedMicros()).isZero();
    }
}
