package org.aiorg.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiorg.budget.BudgetAccount;
import org.aiorg.budget.Budgets;
import org.aiorg.demo.DemoBacklog;
import org.aiorg.support.ExecutionLog;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.WorkerTestConfig;
import org.aiorg.task.NewTask;
import org.aiorg.task.Role;
import org.aiorg.task.Task;
import org.aiorg.task.TaskDetail;
import org.aiorg.task.TaskQuery;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What workers must do on every database, with the real pool, the synthetic LLM and the
 * application's budget gate (the SQL store). Each test starts the pool itself (and the pool stops
 * after it), in fresh tenants. The budget is checked in the account ({@link Budgets#account}), the
 * ledger ({@code budget_ledger}) and the reservations ({@code budget_reservation}).
 *
 * <p>Subclasses price the synthetic model at USD 0.0025 / 0.01 per 1k tokens ({@link #PRICE_IN}, {@link #PRICE_OUT}), so
 * that one call's reservation (1024 output tokens) is about 11,000 micro-USD.
 */
@Import(WorkerTestConfig.class)
abstract class WorkerContract {

    static final Duration WAIT = Duration.ofSeconds(90);

    /** The synthetic model's price in the worker tests (and their worker processes). */
    static final String PRICE_IN = "aiorg.budget.models.synthetic.input=0.0025";
    static final String PRICE_OUT = "aiorg.budget.models.synthetic.output=0.01";

    @Autowired
    WorkerPool pool;

    @Autowired
    Tasks tasks;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBacklog demo;

    @Autowired
    Budgets budgets;

    @Autowired
    BudgetHolds holds;

    @Autowired
    ExecutionLog executions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.aiorg.orchestrator.Alerts alerts;

    @AfterEach
    void stopPool() {
        pool.stop();
    }

    TenantId newTenant(Long budgetMicros) {
        TenantId t = TenantId.of(TestDatabases.newTenant());
        tenants.create(t, "Tenant " + t, "Build analytics products for online shops", budgetMicros);
        return t;
    }

    /**
     * A tenant's budget as the store and the ledger say: the account, what the ledger charged
     * (settle and expire rows), and its reservations (open ones, all of them).
     */
    record Books(BudgetAccount account, long ledgerCharged, long open, long reservations) {

        long spent() {
            return account.spentMicros();
        }

        long reserved() {
            return account.reservedMicros();
        }

        long limit() {
            return account.limitMicros();
        }
    }

    Books books(TenantId tenant) {
        long charged = jdbc.sql("SELECT COALESCE(SUM(charged_micros), 0) FROM budget_ledger WHERE tenant_id = :t")
                .param("t", tenant.value()).query(Long.class).single();
        long[] res = jdbc.sql("""
                SELECT COALESCE(SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END), 0), COUNT(*)
                FROM budget_reservation WHERE tenant_id = :t""")
                .param("t", tenant.value()).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        return new Books(budgets.account(tenant), charged, res[0], res[1]);
    }

    /** How many ledger rows of a kind the tenant has. */
    long ledgerRows(TenantId tenant, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM budget_ledger WHERE tenant_id = :t AND kind = :k")
                .param("t", tenant.value()).param("k", kind).query(Long.class).single();
    }

    /** A task's reservations, oldest first, by state ({@code open}, or {@code sent} once marked sent, settled, released, expired). */
    List<String> reservationsOf(TenantId tenant, String taskId) {
        return jdbc.sql("""
                SELECT CASE WHEN state = 'open' AND sent_at IS NOT NULL THEN 'sent' ELSE state END
                FROM budget_reservation WHERE tenant_id = :t AND task_id = :task ORDER BY created_at, id""")
                .param("t", tenant.value()).param("task", taskId).query(String.class).list();
    }

    List<Task> all(TenantId tenant) {
        return tasks.list(tenant, new TaskQuery(Set.of(), Set.of(), TaskQuery.Sort.CREATED_AT, false, 1000, 0));
    }

    @Test
    void demoBacklogRunsInDependencyOrderToCompletion() {
        TenantId tenant = TenantId.of(TestDatabases.newTenant());
        demo.load(tenant);
        List<Task> before = all(tenant);
        assertThat(before).hasSize(DemoBacklog.size());
        Map<String, Task> byId = new HashMap<>();
        before.forEach(t -> byId.put(t.id(), t));
        // The failed task and everything that (transitively) depends on it can never run.
        Set<String> blocked = new HashSet<>();
        before.stream().filter(t -> t.status() == TaskStatus.FAILED).forEach(t -> blocked.add(t.id()));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Task t : before) {
                if (!blocked.contains(t.id()) && t.dependsOn().stream().anyMatch(blocked::contains)) {
                    grew = blocked.add(t.id());
                }
            }
        }
        assertThat(blocked).hasSizeGreaterThan(1);

        pool.start();
        await().atMost(WAIT).until(() -> all(tenant).stream()
                .filter(t -> !blocked.contains(t.id())).allMatch(t -> t.status() == TaskStatus.DONE));

        List<Task> after = all(tenant);
        for (Task t : after) {
            if (blocked.contains(t.id())) {
                assertThat(t.status()).as("blocked task %s", t.description())
                        .isEqualTo(byId.get(t.id()).status());
                assertThat(t.attempts()).isZero();
                continue;
            }
            if (byId.get(t.id()).status() == TaskStatus.DONE) {
                continue; // loaded as done: never run
            }
            // Every task ran after all its dependencies were done.
            Long started = executions.startedAt(t.id());
            assertThat(started).as("task %s ran", t.description()).isNotNull();
            for (String dep : t.dependsOn()) {
                Long depDone = executions.doneAt(dep);
                assertThat(depDone).as("dependency %s of %s done", dep, t.id()).isNotNull();
                assertThat(depDone).as("%s started after its dependency %s was done", t.description(), dep)
                        .isLessThan(started);
            }
            TaskDetail d = tasks.detail(tenant, t.id());
            assertThat(d.output()).contains(t.description().length() > 100 ? t.description().substring(0, 100) : t.description());
            assertThat(d.task().tokensIn()).isPositive();
            assertThat(d.task().tokensOut()).isPositive();
            assertThat(d.task().tokensActual()).isEqualTo((d.task().tokensIn() + d.task().tokensOut()) / 1000.0);
            assertThat(d.task().model()).isEqualTo("synthetic");
            assertThat(d.task().latencyMs()).isNotNull();
            assertThat(d.task().attempts()).isEqualTo(1);
            assertThat(d.task().error()).isNull();
        }
        Books books = books(tenant);
        assertThat(books.reserved()).isZero();
        assertThat(books.open()).isZero();
        assertThat(books.spent()).as("spent = what the ledger's settle rows charged").isEqualTo(books.ledgerCharged()).isPositive();
        long ran = after.stream().filter(t -> !blocked.contains(t.id()) && byId.get(t.id()).status() != TaskStatus.DONE).count();
        assertThat(ledgerRows(tenant, "reserve")).as("one reservation per task run").isEqualTo(ran);
        assertThat(ledgerRows(tenant, "settle")).isEqualTo(ran);
        assertThat(ledgerRows(tenant, "sent")).isEqualTo(ran);
    }

    @Test
    void aFailedCallFailsTheTaskWithItsReasonAndReleasesTheBudget() {
        TenantId tenant = newTenant(null);
        Task bad = tasks.create(tenant, new NewTask("Implement the importer [fail]", 1, List.of(), 1.0, 0.5, null, Role.DEV));
        Task after = tasks.create(tenant, new NewTask("Test the importer", 1, List.of(bad.id()), 1.0, 0.5, null, Role.QA));
        pool.start();
        await().atMost(WAIT).until(() -> tasks.get(tenant, bad.id()).status() == TaskStatus.FAILED);
        Task failed = tasks.get(tenant, bad.id());
        assertThat(failed.error()).contains("scripted failure");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(reservationsOf(tenant, bad.id())).containsExactly("released");
        assertThat(books(tenant).spent()).isZero();
        assertThat(books(tenant).reserved()).isZero();
        assertThat(tasks.get(tenant, after.id()).status()).isEqualTo(TaskStatus.TODO);
    }

    @Test
    void anExhaustedBudgetHoldsTasksAndMoreBudgetResumesThem() {
        // Room for one reservation (about 11,000 micro-USD for 1024 output tokens), not two.
        TenantId tenant = newTenant(15_000L);
        List<Task> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add(tasks.create(tenant, new NewTask("Write report section " + i, 1, List.of(), 1.0, 0.5, null, Role.RESEARCH)));
        }
        pool.start();
        // Some run, then the budget is short of one reservation: the rest wait on hold, none fails.
        awaitOrDump(tenant, () -> exhausted(tenant));
        List<Task> held = all(tenant).stream().filter(t -> t.status() == TaskStatus.TODO).toList();
        long done = all(tenant).stream().filter(t -> t.status() == TaskStatus.DONE).count();
        assertThat(held).isNotEmpty();
        assertThat(done).isPositive();
        assertThat(all(tenant)).noneMatch(t -> t.status() == TaskStatus.FAILED);
        assertThat(held).allMatch(t -> t.attempts() == 0);
        // One alert for the exhaustion, not one per refused task.
        assertThat(alerts.recent(tenant, 50)).filteredOn(a -> a.kind().equals("budget_exhausted")).singleElement()
                .satisfies(a -> assertThat(a.message()).contains("USD more than remains"));

        // Another process raises the limit a little (no event here): the periodic hold check finds it.
        jdbc.sql("UPDATE budget_account SET limit_micros = limit_micros + 3000 WHERE tenant_id = :t")
                .param("t", tenant.value()).update();
        awaitOrDump(tenant, () -> all(tenant).stream().filter(t -> t.status() == TaskStatus.DONE).count() > done
                && exhausted(tenant));
        assertThat(all(tenant)).anyMatch(t -> t.status() == TaskStatus.TODO);

        // A top-up in this process (Budgets.topUp publishes BudgetIncreased): every held task starts by itself.
        budgets.topUp(tenant, 1_000_000L, "test-top-up");
        await().atMost(WAIT).until(() -> all(tenant).stream().allMatch(t -> t.status() == TaskStatus.DONE));
        Books books = books(tenant);
        assertThat(books.reserved()).isZero();
        assertThat(books.open()).isZero();
        assertThat(books.spent()).isEqualTo(books.ledgerCharged());
        assertThat(books.limit()).isEqualTo(15_000L + 3_000L + 1_000_000L);
        assertThat(ledgerRows(tenant, "settle")).isEqualTo(created.size());
        assertThat(ledgerRows(tenant, "reserve")).isEqualTo(created.size());
        assertThat(books.spent()).isLessThanOrEqualTo(books.limit());
        assertThat(all(tenant)).allMatch(t -> t.holdReason() == null && t.attempts() == 1);
        // The refusals after the small raise belonged to the same episode: still one alert.
        assertThat(alerts.recent(tenant, 50)).filteredOn(a -> a.kind().equals("budget_exhausted")).hasSize(1);
    }

    /** Waits for the condition; on time-out prints the tenant's books and tasks, which say why. */
    private void awaitOrDump(TenantId tenant, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).until(condition);
        } catch (RuntimeException e) {
            System.err.println("At time-out: " + books(tenant) + ", least a held task needed " + holds.needed(tenant));
            all(tenant).forEach(t -> System.err.println("  " + t.id() + " " + t.status() + " hold=" + t.holdReason()
                    + " attempts=" + t.attempts() + " error=" + t.error()));
            throw e;
        }
    }

    /**
     * Nothing running or reserved, every todo task held, and less budget left than the least a
     * refused task needed (what the pool noted at the refusal, {@link BudgetHolds}).
     */
    private boolean exhausted(TenantId tenant) {
        List<Task> now = all(tenant);
        Books books = books(tenant);
        Long needed = holds.needed(tenant);
        return now.stream().noneMatch(t -> t.status() == TaskStatus.DOING)
                && now.stream().filter(t -> t.status() == TaskStatus.TODO).allMatch(t -> "budget_exhausted".equals(t.holdReason()))
                && books.reserved() == 0
                && needed != null && books.account().remainingMicros() < needed;
    }

    @Test
    void stoppingFinishesWhatItCanAndGivesTheRestBack() {
        TenantId tenant = newTenant(null);
        List<Task> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slow.add(tasks.create(tenant, new NewTask("Long analysis " + i + " [slow]", 5, List.of(), 1.0, 0.5, null, Role.RESEARCH)));
        }
        pool.start();
        String owner = pool.owner();
        await().atMost(WAIT).until(() -> slow.stream().allMatch(t -> tasks.get(tenant, t.id()).status() == TaskStatus.DOING)
                && slow.stream().allMatch(t -> reservationsOf(tenant, t.id()).equals(List.of("sent"))));
        assertThat(owner).isNotNull();

        pool.stop();

        for (Task t : slow) {
            Task now = tasks.get(tenant, t.id());
            assertThat(now.status()).isEqualTo(TaskStatus.TODO);
            assertThat(now.holdReason()).isNull();
            assertThat(now.attempts()).as("the call was sent: the attempt counts").isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM task WHERE id = :id AND lease_owner IS NULL AND lease_expires_at IS NULL")
                    .param("id", t.id()).query(Long.class).single()).isEqualTo(1L);
            // The call may have been billed: charged in full, nothing left reserved.
            assertThat(reservationsOf(tenant, t.id())).containsExactly("settled");
        }
        Books books = books(tenant);
        assertThat(books.reserved()).isZero();
        assertThat(books.open()).isZero();
        assertThat(books.spent()).isEqualTo(books.ledgerCharged()).isPositive();
        slow.forEach(t -> tasks.delete(tenant, t.id()));
    }
}
