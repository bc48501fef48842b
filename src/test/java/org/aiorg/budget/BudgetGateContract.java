package org.aiorg.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.aiorg.common.ClientError;
import org.aiorg.db.Tx;
import org.aiorg.support.SettableClock;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * What the budget gate must do with every store. Subclasses pick the store and the database;
 * each test works in a fresh tenant. Time moves only by {@link SettableClock}.
 */
@Import(SettableClock.Config.class)
@RecordApplicationEvents
abstract class BudgetGateContract {

    static final String MODEL = GateHammer.MODEL;

    @Autowired
    BudgetGate gate;

    @Autowired
    Budgets budgets;

    @Autowired
    Tenants tenants;

    @Autowired
    BudgetSweeper sweeper;

    @Autowired
    SettableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Tx tx;

    @Autowired
    ApplicationEvents events;

    TenantId tenant;

    /** The JDBC URL of the database the context uses (for the second process). */
    abstract String dbUrl();

    /** The Redis URL of the context, or null for the SQL store. */
    abstract String redisUrl();

    @BeforeEach
    void newTenant() {
        tenant = newTenant(1_000_000);
    }

    TenantId newTenant(long limitMicros) {
        TenantId t = TenantId.of(TestDatabases.newTenant());
        tenants.create(t, "Budget " + t, "", limitMicros);
        return t;
    }

    BudgetGate.Reserved reserve(String task, long in, long out, Duration ttl) {
        return (BudgetGate.Reserved) gate.reserve(new BudgetGate.ReservationRequest(tenant, task, MODEL, in, out, ttl));
    }

    BudgetGate.Reserved reserve(String task) {
        return reserve(task, 1_000, 1_000, null);
    }

    BudgetAccount account() {
        return budgets.account(tenant);
    }

    Map<String, Long> ledgerKinds(TenantId t) {
        return tx.read(() -> jdbc.sql("SELECT kind, COUNT(*) FROM budget_ledger WHERE tenant_id = :t GROUP BY kind")
                .param("t", t.value()).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    long ledgerCharged(TenantId t) {
        return tx.read(() -> jdbc.sql("SELECT COALESCE(SUM(charged_micros), 0) FROM budget_ledger WHERE tenant_id = :t")
                .param("t", t.value()).query(Long.class).single());
    }

    @Test
    void reservesThePricedUpperBoundAndSettlesTheActualCost() {
        BudgetGate.Reserved r = reserve("t1", 1_000, 1_000, Duration.ofMinutes(5));
        assertThat(r.amountMicros()).isEqualTo(1_000); // 2,000 tokens at 0.0005 USD per 1k
        assertThat(r.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 0, 1_000));

        BudgetGate.Settlement s = gate.settle(tenant, r.reservationId(), 600L, 401L, "dev");
        // 1,001 tokens cost 500.5 micro-USD: rounded up, never down
        assertThat(s).isEqualTo(new BudgetGate.Settlement(r.reservationId(), 501, 499, false));
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 501, 0));

        List<LedgerEntry> rows = budgets.ledger(tenant, null, 10).items();
        assertThat(rows).extracting(LedgerEntry::kind).containsExactly("limit", "reserve", "settle");
        assertThat(rows.get(1)).extracting(LedgerEntry::reservationId, LedgerEntry::taskId, LedgerEntry::model, LedgerEntry::amountMicros,
                LedgerEntry::tokensIn, LedgerEntry::tokensOut).containsExactly(r.reservationId(), "t1", MODEL, 1_000L, 1_000L, 1_000L);
        assertThat(rows.get(2)).extracting(LedgerEntry::chargedMicros, LedgerEntry::releasedMicros, LedgerEntry::tokensIn,
                LedgerEntry::tokensOut).containsExactly(501L, 499L, 600L, 401L);
        assertThat(events.stream(ReservationSettled.class)).singleElement()
                .extracting(ReservationSettled::role, ReservationSettled::chargedMicros).containsExactly("dev", 501L);
    }

    @Test
    void chargesAtMostTheReservationAndTheReservationWhenUsageIsUnknown() {
        BudgetGate.Reserved over = reserve("t1");
        assertThat(gate.settle(tenant, over.reservationId(), 50_000L, 50_000L).chargedMicros()).isEqualTo(1_000);
        BudgetGate.Reserved unknown = reserve("t2");
        assertThat(gate.settle(tenant, unknown.reservationId(), null, null)).isEqualTo(
                new BudgetGate.Settlement(unknown.reservationId(), 1_000, 0, false));
        BudgetGate.Reserved half = reserve("t3");
        assertThat(gate.settle(tenant, half.reservationId(), 10L, null).chargedMicros()).as("one count missing: unknown").isEqualTo(1_000);
        assertThat(account().spentMicros()).isEqualTo(3_000);
        assertThat(account().reservedMicros()).isZero();
    }

    @Test
    void settleAndReleaseAreIdempotent() {
        BudgetGate.Reserved a = reserve("t1");
        BudgetGate.Settlement first = gate.settle(tenant, a.reservationId(), 500L, 500L);
        BudgetGate.Settlement again = gate.settle(tenant, a.reservationId(), 1_000L, 1_000L);
        assertThat(again).isEqualTo(new BudgetGate.Settlement(a.reservationId(), first.chargedMicros(), first.releasedMicros(), true));
        gate.release(tenant, a.reservationId());
        gate.markSent(tenant, a.reservationId());

        BudgetGate.Reserved b = reserve("t2");
        gate.release(tenant, b.reservationId());
        gate.release(tenant, b.reservationId());
        assertThat(gate.settle(tenant, b.reservationId(), 1_000L, 1_000L))
                .isEqualTo(new BudgetGate.Settlement(b.reservationId(), 0, 1_000, true));

        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 500, 0));
        assertThat(ledgerKinds(tenant)).containsEntry("reserve", 2L).containsEntry("settle", 1L).containsEntry("release", 1L)
                .doesNotContainKey("sent");
        assertThat(events.stream(ReservationSettled.class)).hasSize(1);
        assertThat(events.stream(ReservationReleased.class)).hasSize(1);
    }

    @Test
    void anUnknownReservationIsNotFound() {
        assertThatThrownBy(() -> gate.settle(tenant, "no-such-reservation", 1L, 1L))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(404);
        assertThatThrownBy(() -> gate.release(tenant, "no-such-reservation"))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(404);
        TenantId other = newTenant(1_000_000);
        BudgetGate.Reserved mine = reserve("t1");
        assertThatThrownBy(() -> gate.settle(other, mine.reservationId(), null, null)).isInstanceOf(ClientError.class);
        assertThat(account().reservedMicros()).isEqualTo(1_000);
    }

    @Test
    void refusesWithTheShortfallWhenTheCallDoesNotFit() {
        tenant = newTenant(1_500);
        reserve("t1");
        BudgetGate.ReserveResult r = gate.reserve(new BudgetGate.ReservationRequest(tenant, "t2", MODEL, 1_000, 1_000, null));
        assertThat(r).isInstanceOf(BudgetGate.Refused.class);
        BudgetGate.Refused refused = (BudgetGate.Refused) r;
        assertThat(refused.shortfallMicros()).isEqualTo(500);
        assertThat(refused.reason()).isEqualTo("budget_exhausted");
        assertThat(events.stream(BudgetExhausted.class)).containsExactly(new BudgetExhausted(tenant, "t2", 500));
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_500, 0, 1_000));
        // a smaller call still fits
        assertThat(gate.reserve(new BudgetGate.ReservationRequest(tenant, "t3", MODEL, 500, 500, null)))
                .isInstanceOf(BudgetGate.Reserved.class);
        assertThat(account().remainingMicros()).isZero();
    }

    @Test
    void theSweeperReleasesExpiredReservationsAndChargesTheSentOnesInFull() {
        BudgetGate.Reserved unsent = reserve("t1", 1_000, 1_000, Duration.ofMinutes(1));
        BudgetGate.Reserved sent = reserve("t2", 2_000, 2_000, Duration.ofMinutes(1));
        gate.markSent(tenant, sent.reservationId());
        BudgetGate.Reserved later = reserve("t3", 1_000, 1_000, Duration.ofHours(1));
        sweeper.sweep();
        assertThat(account().reservedMicros()).as("nothing is due yet").isEqualTo(4_000);

        clock.advance(Duration.ofMinutes(2));
        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(2);
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 2_000, 1_000));
        assertThat(sweeper.sweep()).isZero();

        assertThat(gate.settle(tenant, unsent.reservationId(), 1L, 1L)).isEqualTo(
                new BudgetGate.Settlement(unsent.reservationId(), 0, 1_000, true));
        assertThat(gate.settle(tenant, sent.reservationId(), 1L, 1L)).isEqualTo(
                new BudgetGate.Settlement(sent.reservationId(), 2_000, 0, true));
        assertThat(gate.settle(tenant, later.reservationId(), null, null).alreadySettled()).isFalse();
        assertThat(ledgerKinds(tenant)).containsEntry("expire", 2L).containsEntry("sent", 1L);
        assertThat(events.stream(ReservationExpired.class).filter(e -> e.tenant().equals(tenant)))
                .extracting(ReservationExpired::reservationId, ReservationExpired::sent, ReservationExpired::chargedMicros)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(unsent.reservationId(), false, 0L),
                        org.assertj.core.groups.Tuple.tuple(sent.reservationId(), true, 2_000L));
    }

    @Test
    void topUpsAddOncePerIdempotencyKey() {
        TopUp first = budgets.topUp(tenant, 2_000_000, "invoice-1");
        assertThat(first.replayed()).isFalse();
        assertThat(first.limitMicros()).isEqualTo(3_000_000);
        TopUp again = budgets.topUp(tenant, 2_000_000, "invoice-1");
        assertThat(again.replayed()).isTrue();
        assertThat(again.limitMicros()).isEqualTo(3_000_000);
        assertThat(account().limitMicros()).isEqualTo(3_000_000);
        assertThatThrownBy(() -> budgets.topUp(tenant, 1_000_000, "invoice-1"))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(409);
        budgets.topUp(tenant, 500_000, "invoice-2");
        assertThat(account().limitMicros()).isEqualTo(3_500_000);
        assertThat(events.stream(BudgetToppedUp.class)).extracting(BudgetToppedUp::amountMicros).containsExactly(2_000_000L, 500_000L);
        assertThat(ledgerKinds(tenant)).containsEntry("topup", 2L);
    }

    @Test
    void aTopUpLetsARefusedCallThrough() {
        tenant = newTenant(500);
        assertThat(gate.reserve(new BudgetGate.ReservationRequest(tenant, "t1", MODEL, 1_000, 1_000, null)))
                .isInstanceOf(BudgetGate.Refused.class);
        budgets.topUp(tenant, 500, "more");
        assertThat(gate.reserve(new BudgetGate.ReservationRequest(tenant, "t1", MODEL, 1_000, 1_000, null)))
                .isInstanceOf(BudgetGate.Reserved.class);
    }

    @Test
    void theLimitCannotDropBelowSpentPlusReserved() {
        BudgetGate.Reserved r = reserve("t1");
        gate.settle(tenant, r.reservationId(), null, null);
        reserve("t2");
        assertThatThrownBy(() -> budgets.setLimit(tenant, 1_999))
                .isInstanceOf(ClientError.class).satisfies(e -> {
                    assertThat(((ClientError) e).status()).isEqualTo(409);
                    assertThat(((ClientError) e).fields()).extracting(f -> f.field()).containsExactly("limit_usd");
                });
        assertThat(account().limitMicros()).isEqualTo(1_000_000);
        assertThat(budgets.setLimit(tenant, 2_000)).isEqualTo(new BudgetAccount(tenant.value(), 2_000, 1_000, 1_000));
        assertThat(gate.reserve(new BudgetGate.ReservationRequest(tenant, "t3", MODEL, 1, 0, null))).isInstanceOf(BudgetGate.Refused.class);
        budgets.setLimit(tenant, 10_000);
        assertThat(events.stream(BudgetLimitChanged.class)).extracting(BudgetLimitChanged::newLimitMicros).containsExactly(2_000L, 10_000L);
        assertThat(ledgerKinds(tenant)).containsEntry("limit", 3L); // the opening limit and two changes
    }

    /** A batch is marked sent as one-by-one markSent calls would: ended ones untouched, once each, across tenants. */
    @Test
    void markSentAllMarksOpenReservationsOnceAcrossTenants() {
        TenantId other = newTenant(1_000_000);
        BudgetGate.Reserved a = reserve("t1", 1_000, 1_000, Duration.ofMinutes(1));
        BudgetGate.Reserved b = reserve("t2", 2_000, 2_000, Duration.ofMinutes(1));
        BudgetGate.Reserved settled = reserve("t3", 1_000, 1_000, Duration.ofMinutes(1));
        BudgetGate.Reserved unsent = reserve("t4", 1_000, 1_000, Duration.ofMinutes(1));
        BudgetGate.Reserved o = (BudgetGate.Reserved) gate.reserve(
                new BudgetGate.ReservationRequest(other, "o1", MODEL, 1_000, 1_000, Duration.ofMinutes(1)));
        gate.settle(tenant, settled.reservationId(), null, null);
        gate.markSentAll(List.of());
        gate.markSentAll(List.of(new BudgetGate.ReservationRef(tenant, a.reservationId()),
                new BudgetGate.ReservationRef(other, o.reservationId()),
                new BudgetGate.ReservationRef(tenant, b.reservationId()),
                new BudgetGate.ReservationRef(tenant, settled.reservationId()),
                new BudgetGate.ReservationRef(tenant, a.reservationId())));
        gate.markSentAll(List.of(new BudgetGate.ReservationRef(tenant, a.reservationId()),
                new BudgetGate.ReservationRef(tenant, b.reservationId())));
        assertThat(ledgerKinds(tenant)).containsEntry("sent", 2L);
        assertThat(ledgerKinds(other)).containsEntry("sent", 1L);
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 1_000, 4_000));

        clock.advance(Duration.ofMinutes(2));
        sweeper.sweep();
        assertThat(account()).as("the sent ones are charged in full, the unsent one released")
                .isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 1_000 + 3_000, 0));
        assertThat(budgets.account(other)).isEqualTo(new BudgetAccount(other.value(), 1_000_000, 1_000, 0));
        assertThat(gate.settle(tenant, unsent.reservationId(), null, null).chargedMicros()).isZero();
        assertThat(ledgerCharged(tenant)).isEqualTo(4_000);
        assertThat(budgets.reconcile(tenant, false).matched()).isTrue();
    }

    /** A batch is settled as one-by-one settles would: idempotent per reservation, exact per tenant, one ledger row each. */
    @Test
    void settleAllAnswersEachAsOneByOneSettlesWould() {
        TenantId other = newTenant(1_000_000);
        BudgetGate.Reserved a = reserve("t1", 1_000, 1_000, null);
        BudgetGate.Reserved b = reserve("t2", 2_000, 2_000, null);
        BudgetGate.Reserved released = reserve("t3", 1_000, 1_000, null);
        BudgetGate.Reserved open = reserve("t4", 1_000, 1_000, null);
        BudgetGate.Reserved o = (BudgetGate.Reserved) gate.reserve(
                new BudgetGate.ReservationRequest(other, "o1", MODEL, 1_000, 1_000, null));
        gate.release(tenant, released.reservationId());
        assertThat(gate.settleAll(List.of())).isEmpty();
        List<BudgetGate.Settlement> s = gate.settleAll(List.of(
                new BudgetGate.SettleRequest(tenant, a.reservationId(), 600L, 401L, "dev"),
                new BudgetGate.SettleRequest(other, o.reservationId(), null, null, null),
                new BudgetGate.SettleRequest(tenant, b.reservationId(), 100_000L, 100_000L, null),
                new BudgetGate.SettleRequest(tenant, released.reservationId(), 1L, 1L, null),
                new BudgetGate.SettleRequest(tenant, a.reservationId(), 1L, 1L, null)));
        assertThat(s).containsExactly(
                new BudgetGate.Settlement(a.reservationId(), 501, 499, false),
                new BudgetGate.Settlement(o.reservationId(), 1_000, 0, false),
                new BudgetGate.Settlement(b.reservationId(), 2_000, 0, false),
                new BudgetGate.Settlement(released.reservationId(), 0, 1_000, true),
                new BudgetGate.Settlement(a.reservationId(), 501, 499, true));
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 1_000_000, 2_501, 1_000));
        assertThat(budgets.account(other)).isEqualTo(new BudgetAccount(other.value(), 1_000_000, 1_000, 0));
        assertThat(gate.settleAll(List.of(new BudgetGate.SettleRequest(tenant, a.reservationId(), null, null, null),
                new BudgetGate.SettleRequest(tenant, b.reservationId(), null, null, null))))
                .extracting(BudgetGate.Settlement::chargedMicros, BudgetGate.Settlement::alreadySettled)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(501L, true), org.assertj.core.groups.Tuple.tuple(2_000L, true));
        assertThat(ledgerKinds(tenant)).containsEntry("settle", 2L);
        assertThat(ledgerCharged(tenant)).isEqualTo(2_501);
        assertThat(events.stream(ReservationSettled.class).filter(e -> e.tenant().equals(tenant)))
                .extracting(ReservationSettled::reservationId, ReservationSettled::role, ReservationSettled::chargedMicros)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(a.reservationId(), "dev", 501L),
                        org.assertj.core.groups.Tuple.tuple(b.reservationId(), null, 2_000L));
        assertThatThrownBy(() -> gate.settleAll(List.of(new BudgetGate.SettleRequest(tenant, open.reservationId(), null, null, null),
                new BudgetGate.SettleRequest(tenant, "no-such-reservation", null, null, null))))
                .isInstanceOf(ClientError.class);
        assertThat(budgets.reconcile(tenant, false).matched()).isTrue();
        assertThat(budgets.reconcile(other, false).matched()).isTrue();
    }

    @Test
    void theLedgerAgreesWithTheAccount() {
        BudgetGate.Reserved a = reserve("t1");
        reserve("t2");
        gate.settle(tenant, a.reservationId(), 100L, 100L);
        budgets.topUp(tenant, 1_000, "k");
        ReconcileReport report = budgets.reconcile(tenant, false);
        assertThat(report.fromLedger()).isEqualTo(account());
        assertThat(report.matched()).isTrue();
        assertThat(report.openReservations()).isEqualTo(1);
    }

    BudgetGate.ReservationRequest request(TenantId t, String task, long tokensEach) {
        return new BudgetGate.ReservationRequest(t, task, MODEL, tokensEach, tokensEach, null);
    }

    /** A batch is answered request by request, as one-by-one reservations in the caller's order would be. */
    @Test
    void reserveAllAnswersEachRequestAsOneByOneReservationsWould() {
        tenant = newTenant(3_500);
        TenantId rich = newTenant(1_000_000);
        List<BudgetGate.ReserveResult> r = gate.reserveAll(List.of(
                request(tenant, "a", 1_000), // 1,000 micro-USD: fits, 2,500 left
                request(rich, "r1", 1_000),
                request(tenant, "b", 1_000), // fits, 1,500 left
                request(tenant, "c", 2_000), // 2,000 does not fit: short of 500
                request(TenantId.of("no-such-tenant"), "x", 1),
                request(tenant, "d", 1_000), // fits, 500 left
                request(rich, "r2", 2_000),
                request(tenant, "e", 500), // fits exactly, 0 left
                request(tenant, "f", 1))); // 1 micro-USD: does not fit
        assertThat(r).hasSize(9);
        assertThat(r.get(0)).isInstanceOf(BudgetGate.Reserved.class);
        assertThat(r.get(1)).isInstanceOf(BudgetGate.Reserved.class);
        assertThat(r.get(2)).isInstanceOf(BudgetGate.Reserved.class);
        assertThat(r.get(3)).isInstanceOfSatisfying(BudgetGate.Refused.class, f -> {
            assertThat(f.reason()).isEqualTo("budget_exhausted");
            assertThat(f.shortfallMicros()).isEqualTo(500);
        });
        assertThat(r.get(4)).isInstanceOfSatisfying(BudgetGate.Refused.class, f -> assertThat(f.reason()).isEqualTo("store_unavailable"));
        assertThat(r.get(5)).isInstanceOf(BudgetGate.Reserved.class);
        assertThat(r.get(6)).isInstanceOf(BudgetGate.Reserved.class);
        assertThat(r.get(7)).isInstanceOfSatisfying(BudgetGate.Reserved.class, x -> assertThat(x.amountMicros()).isEqualTo(500));
        assertThat(r.get(8)).isInstanceOfSatisfying(BudgetGate.Refused.class, f -> assertThat(f.shortfallMicros()).isEqualTo(1));
        assertThat(r.stream().filter(BudgetGate.Reserved.class::isInstance).map(x -> ((BudgetGate.Reserved) x).reservationId()))
                .doesNotHaveDuplicates();

        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 3_500, 0, 3_500));
        assertThat(budgets.account(rich)).isEqualTo(new BudgetAccount(rich.value(), 1_000_000, 0, 3_000));
        assertThat(ledgerKinds(tenant)).containsEntry("reserve", 4L);
        assertThat(ledgerKinds(rich)).containsEntry("reserve", 2L);
        assertThat(events.stream(BudgetExhausted.class)).containsExactly(new BudgetExhausted(tenant, "c", 500),
                new BudgetExhausted(tenant, "f", 1));

        // Each reservation of the batch is one of its own: settled, released, its row in the ledger.
        BudgetGate.Reserved a = (BudgetGate.Reserved) r.get(0);
        BudgetGate.Reserved b = (BudgetGate.Reserved) r.get(2);
        assertThat(gate.settle(tenant, a.reservationId(), 100L, 100L, "dev")).isEqualTo(
                new BudgetGate.Settlement(a.reservationId(), 100, 900, false));
        gate.release(tenant, b.reservationId());
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), 3_500, 100, 1_500));
        assertThat(budgets.ledger(tenant, null, 100).items()).filteredOn(e -> e.kind().equals("reserve"))
                .extracting(LedgerEntry::taskId, LedgerEntry::amountMicros)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", 1_000L), org.assertj.core.groups.Tuple.tuple("b", 1_000L),
                        org.assertj.core.groups.Tuple.tuple("d", 1_000L), org.assertj.core.groups.Tuple.tuple("e", 500L));
        // Rows written in one batch keep every column (PostgreSQL writes a batch as one statement of arrays).
        assertThat(budgets.ledger(tenant, null, 100).items()).filteredOn(e -> e.taskId() != null && e.taskId().equals("d"))
                .singleElement().satisfies(e -> {
                    assertThat(e.id()).hasSize(24);
                    assertThat(e.tenant()).isEqualTo(tenant.value());
                    assertThat(e.reservationId()).isEqualTo(((BudgetGate.Reserved) r.get(5)).reservationId());
                    assertThat(e.model()).isEqualTo(MODEL);
                    assertThat(e).extracting(LedgerEntry::chargedMicros, LedgerEntry::releasedMicros, LedgerEntry::tokensIn,
                            LedgerEntry::tokensOut, LedgerEntry::limitMicros, LedgerEntry::ref).containsExactly(0L, 0L, 1_000L, 1_000L, null, null);
                    assertThat(e.expiresAt()).isEqualTo(((BudgetGate.Reserved) r.get(5)).expiresAt());
                    assertThat(e.at()).isEqualTo(clock.instant());
                });
        assertThat(budgets.reconcile(tenant, false).matched()).isTrue();
    }

    /** Threads reserving in batches against a budget for exactly N calls: exactly N are reserved. */
    @Test
    void batchesFromManyThreadsReserveExactlyTheBudget() throws Exception {
        int n = 60;
        tenant = newTenant(n * GateHammer.COST);
        TenantId t = tenant;
        TenantId rich = newTenant(1_000_000_000L);
        java.util.Queue<BudgetGate.Reserved> reserved = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong richReserved = new AtomicLong();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int k = 0; k < 8; k++) {
                int thread = k;
                threads.add(CompletableFuture.runAsync(() -> {
                    for (int round = 0; ; round++) {
                        List<BudgetGate.ReservationRequest> batch = new ArrayList<>();
                        for (int j = 0; j < 7; j++) {
                            batch.add(request(t, "t" + thread + "-" + round + "-" + j, GateHammer.IN));
                        }
                        batch.add(request(rich, "r" + thread + "-" + round, GateHammer.IN));
                        List<BudgetGate.ReserveResult> results = gate.reserveAll(batch);
                        boolean any = false;
                        for (int j = 0; j < 7; j++) {
                            if (results.get(j) instanceof BudgetGate.Reserved x) {
                                reserved.add(x);
                                any = true;
                            } else {
                                assertThat(((BudgetGate.Refused) results.get(j)).reason()).isEqualTo("budget_exhausted");
                                refused.incrementAndGet();
                            }
                        }
                        assertThat(results.get(7)).isInstanceOf(BudgetGate.Reserved.class);
                        richReserved.incrementAndGet();
                        if (!any) {
                            return;
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        }
        assertThat(reserved).hasSize(n);
        assertThat(refused.get()).isPositive();
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), n * GateHammer.COST, 0, n * GateHammer.COST));
        assertThat(ledgerKinds(tenant)).containsEntry("reserve", (long) n);
        assertThat(budgets.account(rich).reservedMicros()).isEqualTo(richReserved.get() * GateHammer.COST);
        for (BudgetGate.Reserved x : reserved) {
            gate.settle(tenant, x.reservationId(), null, null);
        }
        assertThat(account()).isEqualTo(new BudgetAccount(tenant.value(), n * GateHammer.COST, n * GateHammer.COST, 0));
        assertThat(ledgerCharged(tenant)).isEqualTo(n * GateHammer.COST);
    }

    /** 64 threads against a budget for exactly N calls, the invariant sampled all along. */
    @Test
    void manyThreadsSpendExactlyTheBudget() throws Exception {
        int n = 100;
        tenant = newTenant(n * GateHammer.COST);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        AtomicReference<BudgetAccount> broken = new AtomicReference<>();
        TenantId t = tenant;
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                BudgetAccount a = budgets.account(t);
                if (a.spentMicros() < 0 || a.reservedMicros() < 0 || a.spentMicros() + a.reservedMicros() > a.limitMicros()) {
                    broken.set(a);
                }
                samples.incrementAndGet();
            }
        });
        GateHammer.Result r;
        try {
            r = GateHammer.hammer(gate, tenant, 64, 16, 42);
        } finally {
            done.set(true);
            sampler.get(1, TimeUnit.MINUTES);
        }
        assertOutcome(n, r, samples.get(), broken.get());
    }

    /** The same from two processes at once: this JVM and a second one on the same store. */
    @Test
    void twoProcessesSpendExactlyTheBudget() throws Exception {
        int n = 150;
        tenant = newTenant(n * GateHammer.COST);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", System.getProperty("java.class.path"),
                GateHammer.class.getName(), dbUrl(), redisUrl() == null ? "-" : redisUrl(), tenant.value(), "16", "7"));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // the second JVM's own output before it is ready
            }
            assertThat(line).as("the second process started").isEqualTo("READY");
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong samples = new AtomicLong();
            AtomicReference<BudgetAccount> broken = new AtomicReference<>();
            TenantId t = tenant;
            CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
                while (!done.get()) {
                    BudgetAccount a = budgets.account(t);
                    if (a.spentMicros() + a.reservedMicros() > a.limitMicros()) {
                        broken.set(a);
                    }
                    samples.incrementAndGet();
                }
            });
            try (OutputStreamWriter in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("GO\n");
            }
            GateHammer.Result mine;
            String theirs;
            try {
                mine = GateHammer.hammer(gate, tenant, 32, 8, 11);
                theirs = null;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("RESULT")) {
                        theirs = line;
                    }
                }
            } finally {
                done.set(true);
                sampler.get(1, TimeUnit.MINUTES);
            }
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(theirs).as("the second process's result").isNotNull();
            GateHammer.Result other = GateHammer.Result.parse(theirs);
            assertThat(other.settled()).as("the second process took part").isPositive();
            assertThat(mine.settled()).as("this process took part").isPositive();
            assertOutcome(n, mine.plus(other), samples.get(), broken.get());
        } finally {
            child.destroyForcibly();
        }
    }

    private void assertOutcome(int n, GateHammer.Result r, long samples, BudgetAccount broken) {
        assertThat(broken).as("an account sampled with spent + reserved > limit").isNull();
        assertThat(samples).as("samples of the account").isPositive();
        assertThat(r.settled()).as("settled calls").isEqualTo(n);
        assertThat(r.refused()).isPositive();
        BudgetAccount a = account();
        assertThat(a).isEqualTo(new BudgetAccount(tenant.value(), n * GateHammer.COST, n * GateHammer.COST, 0));
        assertThat(a.spentMicros()).isEqualTo(r.settledMicros());
        assertThat(ledgerCharged(tenant)).as("spent according to the ledger").isEqualTo(r.settledMicros());
        assertThat(ledgerKinds(tenant)).containsEntry("reserve", r.reserved()).containsEntry("settle", (long) n)
                .containsEntry("release", r.released());
    }
}
