package org.aiorg.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aiorg.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"aiorg.metrics.refresh=1h", "aiorg.budget.sweep-interval=1h", "aiorg.budget.store=sql"})
class PostgresBudgetGateTest extends BudgetGateContract {

    private static final String DB = TestDatabases.newPostgresUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }

    /** Rows written by one transaction share its id (xmin): a batch is one transaction, not one per reservation. */
    @Test
    void aBatchOfReservationsIsOneTransaction() {
        List<BudgetGate.ReservationRequest> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(request(tenant, "b" + i, 1_000));
        }
        batch.add(request(tenant, "too-big", 1_000_000)); // refused: the batch takes the one-by-one path
        List<BudgetGate.ReserveResult> results = gate.reserveAll(batch);
        assertThat(results.subList(0, 5)).allMatch(BudgetGate.Reserved.class::isInstance);
        assertThat(results.get(5)).isInstanceOf(BudgetGate.Refused.class);
        assertThat(jdbc.sql("SELECT COUNT(*), COUNT(DISTINCT xmin::text) FROM budget_ledger WHERE tenant_id = :t AND kind = 'reserve'")
                .param("t", tenant.value()).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single())
                .containsExactly(5L, 1L);
        assertThat(jdbc.sql("SELECT COUNT(*), COUNT(DISTINCT xmin::text) FROM budget_reservation WHERE tenant_id = :t")
                .param("t", tenant.value()).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single())
                .containsExactly(5L, 1L);
        assertThat(account().reservedMicros()).isEqualTo(5_000);
    }

    /** Settling inside the caller's transaction joins it: one commit for all. */
    @Test
    void settlesInTheCallersTransactionCommitOnce() {
        List<BudgetGate.Reserved> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(reserve("s" + i));
        }
        tx.run(() -> open.forEach(r -> gate.settle(tenant, r.reservationId(), 100L, 100L)));
        assertThat(jdbc.sql("SELECT COUNT(*), COUNT(DISTINCT xmin::text) FROM budget_ledger WHERE tenant_id = :t AND kind = 'settle'")
                .param("t", tenant.value()).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single())
                .containsExactly(4L, 1L);
        assertThat(account().spentMicros()).isEqualTo(400);
    }

    /** Settlements joining a transaction that rolls back change nothing: not the account, not the reservations, not the ledger. */
    @Test
    void settlementsRollBackWithTheCallersTransaction() {
        BudgetGate.Reserved a = reserve("r1");
        BudgetGate.Reserved b = reserve("r2");
        BudgetAccount before = account();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.run(() -> {
            gate.settleAll(List.of(new BudgetGate.SettleRequest(tenant, a.reservationId(), 100L, 100L, null),
                    new BudgetGate.SettleRequest(tenant, b.reservationId(), 100L, 100L, null)));
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(account()).isEqualTo(before);
        assertThat(ledgerKinds(tenant)).doesNotContainKey("settle");
        // Still open: settling now works, once.
        BudgetGate.Settlement s = gate.settle(tenant, a.reservationId(), 100L, 100L);
        assertThat(s.alreadySettled()).isFalse();
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), before.limitMicros(), before.spentMicros() + s.chargedMicros(),
                before.reservedMicros() - a.amountMicros()));
    }

    @Override
    String dbUrl() {
        return DB;
    }

    @Override
    String redisUrl() {
        return null;
    }
}
