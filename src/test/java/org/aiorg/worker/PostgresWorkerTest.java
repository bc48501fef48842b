package org.aiorg.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aiorg.support.ExecutionLog;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.WorkerProcess;
import org.aiorg.task.NewTask;
import org.aiorg.task.Role;
import org.aiorg.task.Task;
import org.aiorg.task.TaskStatus;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on PostgreSQL, plus what only a shared PostgreSQL allows: several worker processes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "aiorg.metrics.refresh=1h", "aiorg.worker.enabled=false", "aiorg.worker.maintenance=true",
    "aiorg.worker.lease-ttl=2s", "aiorg.worker.heartbeat=500ms", "aiorg.worker.reaper-interval=300ms",
    "aiorg.worker.hold-recheck=300ms", "aiorg.worker.poll-interval=100ms", "aiorg.worker.shutdown-grace=1s",
    "aiorg.worker.concurrency=64", "aiorg.llm.synthetic=true",
    "aiorg.budget.store=sql", "aiorg.budget.sweep-interval=300ms", WorkerContract.PRICE_IN, WorkerContract.PRICE_OUT})
class PostgresWorkerTest extends WorkerContract {

    private static final String DB = TestDatabases.newPostgresUrl();
    private static final Path LOGS = Path.of("target", "worker-processes", UUID.randomUUID().toString());

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }

    private List<Task> createIndependent(TenantId tenant, int n, String prefix) {
        Role[] roles = Role.values();
        List<Task> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(tasks.create(tenant, new NewTask(prefix + " " + i, 1 + i % 5, List.of(), 1.0, 0.5, null, roles[i % roles.length])));
        }
        return out;
    }

    private long executionsBy(TenantId tenant, String worker) {
        return jdbc.sql("SELECT COUNT(*) FROM test_execution e JOIN task t ON t.id = e.task_id"
                        + " WHERE t.tenant_id = :t AND e.worker = :w")
                .param("t", tenant.value()).param("w", worker).query(Long.class).single();
    }

    @Test
    void twoWorkerProcessesNeverRunATaskTwice() throws Exception {
        TenantId tenant = newTenant(100_000_000L);
        List<Task> created = createIndependent(tenant, 600, "Independent task");

        try (WorkerProcess other = WorkerProcess.start(LOGS, List.of(PRICE_IN, PRICE_OUT), "--db-url", DB, "-Q", tenant.value() + ":*",
                "--synthetic", "--synthetic-latency", "20ms", "--concurrency", "32")) {
            // Start ours once the other process works, so that both really compete for the same rows.
            await().atMost(WAIT).until(() -> executionsBy(tenant, other.recordedAs()) > 0 || !other.isAlive());
            assertThat(other.isAlive()).as(other.log()).isTrue();
            pool.start();
            await().atMost(WAIT).until(() -> all(tenant).stream().allMatch(t -> t.status() == TaskStatus.DONE));

            Map<String, Long> perTask = new java.util.HashMap<>();
            jdbc.sql("SELECT e.task_id, COUNT(*) FROM test_execution e JOIN task t ON t.id = e.task_id"
                            + " WHERE t.tenant_id = :t GROUP BY e.task_id")
                    .param("t", tenant.value())
                    .query((java.sql.ResultSet rs) -> {
                        perTask.put(rs.getString(1), rs.getLong(2));
                    });
            assertThat(perTask).hasSize(created.size());
            assertThat(perTask.values()).as("executions per task").allMatch(n -> n == 1);
            long theirs = executionsBy(tenant, other.recordedAs());
            long ours = executionsBy(tenant, ExecutionLog.PROCESS);
            assertThat(theirs).isPositive();
            assertThat(ours).isPositive();
            assertThat(theirs + ours).isEqualTo(created.size());
        }
        assertThat(all(tenant)).allMatch(t -> t.attempts() == 1);
        // One reservation per task, each settled once, whichever process made it.
        Books books = books(tenant);
        assertThat(books.reserved()).isZero();
        assertThat(books.open()).isZero();
        assertThat(books.reservations()).isEqualTo(created.size());
        assertThat(ledgerRows(tenant, "reserve")).isEqualTo(created.size());
        assertThat(ledgerRows(tenant, "settle")).isEqualTo(created.size());
        assertThat(books.spent()).isEqualTo(books.ledgerCharged()).isPositive();
        // Batches: rows written in one transaction share its id (xmin). The reservations of a claimed
        // batch are one transaction, and the settlements of an outcome batch commit with their tasks.
        long reserveTx = distinctTransactions(tenant, "reserve");
        long settleTx = distinctTransactions(tenant, "settle");
        assertThat(reserveTx).as("transactions of %d reservations", created.size()).isLessThan(created.size());
        assertThat(settleTx).as("transactions of %d settlements", created.size()).isLessThan(created.size());
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM budget_ledger l JOIN task t ON t.id = l.task_id AND t.tenant_id = l.tenant_id
                WHERE l.tenant_id = :t AND l.kind = 'settle' AND l.xmin::text <> t.xmin::text""")
                .param("t", tenant.value()).query(Long.class).single())
                .as("settlements committed apart from their task's outcome").isZero();
    }

    private long distinctTransactions(TenantId tenant, String kind) {
        return jdbc.sql("SELECT COUNT(DISTINCT xmin::text) FROM budget_ledger WHERE tenant_id = :t AND kind = :k")
                .param("t", tenant.value()).param("k", kind).query(Long.class).single();
    }

    @Test
    void aKilledWorkersTasksRunAgainAndItsBudgetIsSettledExactly() throws Exception {
        TenantId tenant = newTenant(100_000_000L);
        List<Task> created = createIndependent(tenant, 6, "Task cut short");

        WorkerProcess doomed = WorkerProcess.start(LOGS,
                List.of("aiorg.worker.lease-ttl=3s", "aiorg.worker.heartbeat=1s", "aiorg.worker.reservation-ttl=8s", PRICE_IN, PRICE_OUT),
                "--db-url", DB, "-Q", tenant.value() + ":*", "--synthetic", "--synthetic-latency", "10m");
        try {
            // Mid-call: every task claimed by the other process, its reservation marked sent.
            await().atMost(WAIT).until(() -> !doomed.isAlive() || created.stream().allMatch(t ->
                    tasks.get(tenant, t.id()).status() == TaskStatus.DOING
                            && reservationsOf(tenant, t.id()).equals(List.of("sent"))));
            assertThat(doomed.isAlive()).as(doomed.log()).isTrue();
            assertThat(executionsBy(tenant, doomed.recordedAs())).isEqualTo(created.size());
        } finally {
            doomed.kill();
        }

        pool.start();
        await().atMost(WAIT).until(() -> all(tenant).stream().allMatch(t -> t.status() == TaskStatus.DONE));

        // The budget's sweeper (every 300 ms here) ends the dead process's reservations once they expire (8 s).
        await().atMost(WAIT).until(() -> books(tenant).open() == 0);
        for (Task t : all(tenant)) {
            assertThat(t.attempts()).as("attempts of %s", t.id()).isEqualTo(2);
            assertThat(t.error()).isNull();
            // The dead call's reservation expired and was charged in full (it was sent: the provider may
            // have billed it); the new one was settled with the usage.
            assertThat(reservationsOf(tenant, t.id())).containsExactly("expired", "settled");
        }
        assertThat(executionsBy(tenant, ExecutionLog.PROCESS)).isEqualTo(created.size());
        Books books = books(tenant);
        assertThat(books.open()).isZero();
        assertThat(books.reserved()).isZero();
        assertThat(books.spent()).as("spent = what the ledger's settle and expire rows charged").isEqualTo(books.ledgerCharged());
        long deadCalls = jdbc.sql("SELECT COALESCE(SUM(amount_micros), 0) FROM budget_reservation"
                        + " WHERE tenant_id = :t AND state = 'expired' AND charged_micros = amount_micros AND sent_at IS NOT NULL")
                .param("t", tenant.value()).query(Long.class).single();
        long expiredInLedger = jdbc.sql("SELECT COALESCE(SUM(charged_micros), 0) FROM budget_ledger WHERE tenant_id = :t AND kind = 'expire'")
                .param("t", tenant.value()).query(Long.class).single();
        assertThat(deadCalls).as("the killed calls are charged at their reserved amount").isPositive();
        assertThat(expiredInLedger).isEqualTo(deadCalls);
        assertThat(ledgerRows(tenant, "expire")).isEqualTo(created.size());
        assertThat(ledgerRows(tenant, "settle")).isEqualTo(created.size());
        assertThat(books.spent()).isGreaterThan(deadCalls);
    }
}
