package org.aiorg.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.db.Tx;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The stand-in gate keeps the money exact under concurrency, and settles each reservation once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "aiorg.metrics.refresh=1h")
class SqlAccountBudgetGateTest {

    private static final String DB = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Tx tx;

    @Autowired
    Tenants tenants;

    @Autowired
    Budgets budgets;

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    private TenantId tenant(long limitMicros) {
        TenantId t = TenantId.of(TestDatabases.newTenant());
        tenants.create(t, "T", "", limitMicros);
        return t;
    }

    private static BudgetGate.ReservationRequest request(TenantId t) {
        return new BudgetGate.ReservationRequest(t, "Task0001", "m", 100, 100, Duration.ofMinutes(1));
    }

    @Test
    void aThousandConcurrentTriesForABudgetOfAHundredReserveExactlyAHundred() throws Exception {
        SqlAccountBudgetGate gate = new SqlAccountBudgetGate(jdbc, tx, clock);
        long each = SqlAccountBudgetGate.price(100, 100);
        TenantId t = tenant(100 * each);
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int k = 0; k < 100; k++) {
                boolean batch = k % 2 == 0;
                futures.add(pool.submit(() -> {
                    List<BudgetGate.ReserveResult> results = batch
                            ? gate.reserveAll(List.of(request(t), request(t), request(t), request(t), request(t), request(t),
                                    request(t), request(t), request(t), request(t)))
                            : List.of(gate.reserve(request(t)), gate.reserve(request(t)), gate.reserve(request(t)), gate.reserve(request(t)),
                                    gate.reserve(request(t)), gate.reserve(request(t)), gate.reserve(request(t)), gate.reserve(request(t)),
                                    gate.reserve(request(t)), gate.reserve(request(t)));
                    return (int) results.stream().filter(r -> r instanceof BudgetGate.Reserved).count();
                }));
            }
            int reserved = 0;
            for (Future<Integer> f : futures) {
                reserved += f.get();
            }
            assertThat(reserved).isEqualTo(100);
        }
        BudgetAccount a = budgets.account(t);
        assertThat(a.reservedMicros()).isEqualTo(100 * each);
        assertThat(a.spentMicros()).isZero();
        assertThat(gate.reserve(request(t))).isInstanceOfSatisfying(BudgetGate.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo("budget_exhausted");
            assertThat(r.shortfallMicros()).isEqualTo(each);
        });
    }

    @Test
    void settleChargesTheUsageOnceAndReleaseGivesBackTheRest() {
        SqlAccountBudgetGate gate = new SqlAccountBudgetGate(jdbc, tx, clock);
        TenantId t = tenant(1_000_000);
        var r1 = (BudgetGate.Reserved) gate.reserve(request(t));
        var r2 = (BudgetGate.Reserved) gate.reserve(request(t));
        var r3 = (BudgetGate.Reserved) gate.reserve(request(t));

        BudgetGate.Settlement s = gate.settle(t, r1.reservationId(), 40L, 10L);
        assertThat(s.chargedMicros()).isEqualTo(SqlAccountBudgetGate.price(40, 10)).isEqualTo(200);
        assertThat(s.releasedMicros()).isEqualTo(r1.amountMicros() - 200);
        assertThat(gate.settle(t, r1.reservationId(), 40L, 10L).alreadySettled()).isTrue();
        gate.release(t, r1.reservationId());
        assertThat(gate.settle(t, r2.reservationId(), null, null).chargedMicros()).isEqualTo(r2.amountMicros());
        gate.release(t, r3.reservationId());
        gate.release(t, r3.reservationId());

        BudgetAccount a = budgets.account(t);
        assertThat(a.spentMicros()).isEqualTo(200 + r2.amountMicros());
        assertThat(a.reservedMicros()).isZero();
    }

    @Test
    void settlementsInARolledBackTransactionLeaveTheReservationOutstanding() {
        SqlAccountBudgetGate gate = new SqlAccountBudgetGate(jdbc, tx, clock);
        TenantId t = tenant(1_000_000);
        var r = (BudgetGate.Reserved) gate.reserve(request(t));
        try {
            tx.run(() -> {
                gate.settle(t, r.reservationId(), 1L, 1L);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(budgets.account(t).reservedMicros()).isEqualTo(r.amountMicros());
        tx.run(() -> gate.settle(t, r.reservationId(), 1L, 1L));
        assertThat(budgets.account(t).reservedMicros()).isZero();
        assertThat(budgets.account(t).spentMicros()).isEqualTo(SqlAccountBudgetGate.price(1, 1));
    }

    @Test
    void expiredReservationsAreChargedWhenSentAndReleasedWhenNot() {
        SqlAccountBudgetGate gate = new SqlAccountBudgetGate(jdbc, tx, clock);
        TenantId t = tenant(1_000_000);
        var sent = (BudgetGate.Reserved) gate.reserve(request(t));
        var unsent = (BudgetGate.Reserved) gate.reserve(request(t));
        gate.markSent(t, sent.reservationId());
        assertThat(gate.sweep()).isZero();

        now.addAndGet(Duration.ofMinutes(2).toMillis());

        assertThat(gate.sweep()).isEqualTo(2);
        assertThat(budgets.account(t).spentMicros()).isEqualTo(sent.amountMicros());
        assertThat(budgets.account(t).reservedMicros()).isZero();
        assertThat(gate.settle(t, unsent.reservationId(), 1L, 1L).alreadySettled()).isTrue();
    }
}
