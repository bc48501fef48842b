package org.aiorg.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aiorg.support.TestDatabases;
import org.aiorg.task.NewTask;
import org.aiorg.task.Task;
import org.aiorg.task.TaskPatch;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"aiorg.metrics.refresh=1h", "aiorg.orchestrator.enabled=false"})
class OrchestratorTest {

    private static final String DB = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }

    @Autowired
    Orchestrator orchestrator;

    @Autowired
    Alerts alerts;

    @Autowired
    Tasks tasks;

    @Autowired
    Tenants tenants;

    TenantId tenant;

    @BeforeEach
    void tenant() {
        tenant = TenantId.of(TestDatabases.newTenant());
        tenants.create(tenant, "T", "", null);
    }

    private Task task(String d, double plan, String... deps) {
        return tasks.create(tenant, new NewTask(d, 1, List.of(deps), plan, 0.5, null, null));
    }

    @Test
    void firstCycleIsABaselineThenChangesRaiseAlerts() {
        Task a = task("a", 1);
        Task b = task("b", 2, a.id());
        Task c = task("c", 3, b.id());
        Orchestrator.Report first = orchestrator.cycle(tenant);
        assertThat(first.raised()).isEmpty();
        assertThat(first.render()).contains("critical path: 3 tasks, 6.0 k tokens: " + a.id() + " -> " + b.id() + " -> " + c.id());

        tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DOING));
        tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.FAILED));
        Orchestrator.Report second = orchestrator.cycle(tenant);
        assertThat(second.raised()).extracting(Alert::kind, Alert::taskId).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("task_failed", a.id()),
                org.assertj.core.groups.Tuple.tuple("task_blocked", b.id()),
                org.assertj.core.groups.Tuple.tuple("task_blocked", c.id()));
        assertThat(second.render()).contains("blocked:").contains(c.id()).contains("failed: " + a.id());

        // Nothing changed: no new alerts.
        assertThat(orchestrator.cycle(tenant).raised()).isEmpty();

        Task d = task("d", 10, c.id());
        Orchestrator.Report grown = orchestrator.cycle(tenant);
        assertThat(grown.raised()).extracting(Alert::kind).contains("critical_path_grew", "task_blocked");
        assertThat(alerts.recent(tenant, 10)).extracting(Alert::kind).contains("critical_path_grew", "task_failed");
        assertThat(grown.graph().analysis().criticalPathIds()).containsExactly(b.id(), c.id(), d.id());
    }

    @Test
    void alertsAreKeptPerTenantOnly() {
        TenantId other = TenantId.of(TestDatabases.newTenant());
        tenants.create(other, "O", "", null);
        alerts.raise(tenant, "task_failed", null, "mine");
        alerts.raise(other, "task_failed", null, "theirs");
        assertThat(alerts.recent(tenant, 10)).extracting(Alert::message).containsExactly("mine");
    }
}
