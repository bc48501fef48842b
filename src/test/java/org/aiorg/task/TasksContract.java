package org.aiorg.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aiorg.common.ClientError;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the task store must do on every database. Subclasses pick the database; each test works
 * in fresh tenants.
 */
abstract class TasksContract {

    @Autowired
    Tasks tasks;

    @Autowired
    Tenants tenants;

    @Autowired
    TaskExecutions executions;

    TenantId tenant;
    TenantId other;

    @BeforeEach
    void tenants() {
        tenant = TenantId.of(TestDatabases.newTenant());
        other = TenantId.of(TestDatabases.newTenant());
        tenants.create(tenant, "A", "Analytics for online shops", null);
        tenants.create(other, "B", "Something else", null);
    }

    private Task create(String description, double value, String... deps) {
        return tasks.create(tenant, NewTask.of(description, value, List.of(deps)));
    }

    @Test
    void storesAndReadsATaskWithEveryField() {
        Task dep = create("Design the schema", 2);
        Task t = tasks.create(tenant, new NewTask("Implement ingestion", 3.5, List.of(dep.id()), 2.5, 0.8, "alice", Role.DEV));

        Task read = tasks.get(tenant, t.id());
        assertThat(read.id()).matches("[0-9A-Za-z]{8}");
        assertThat(read.description()).isEqualTo("Implement ingestion");
        assertThat(read.status()).isEqualTo(TaskStatus.TODO);
        assertThat(read.estValue()).isEqualTo(3.5);
        assertThat(read.tokensPlan()).isEqualTo(2.5);
        assertThat(read.purposeRelevance()).isEqualTo(0.8);
        assertThat(read.relevanceSource()).isEqualTo("user");
        assertThat(read.valueDensity()).isEqualTo(3.5 * 0.8 / 2.5);
        assertThat(read.owner()).isEqualTo("alice");
        assertThat(read.role()).isEqualTo(Role.DEV);
        assertThat(read.roleSource()).isEqualTo("user");
        assertThat(read.dependsOn()).containsExactly(dep.id());
        assertThat(read.createdAt()).isEqualTo(t.createdAt());
    }

    /** Finished tasks of one batch are written with everything their run produced. */
    @Test
    void recordsTheOutcomesOfABatch() {
        Task a = create("Implement ingestion", 2);
        Task b = create("Write the import docs", 1);
        List<TaskQueue> mine = List.of(new TaskQueue(tenant, null));
        assertThat(executions.claim("worker-a", mine, 10, java.time.Duration.ofMinutes(1))).hasSize(2);
        Set<String> applied = executions.record("worker-a", List.of(
                new TaskOutcome.Done(tenant, a.id(), "the result", 1_200, 300, "gpt-x", 42),
                new TaskOutcome.Failed(tenant, b.id(), "HTTP 400: bad request", 0, 0, "gpt-x", null)), o -> {});
        assertThat(applied).containsExactlyInAnyOrder(a.id(), b.id());

        TaskDetail done = tasks.detail(tenant, a.id());
        assertThat(done.output()).isEqualTo("the result");
        assertThat(done.task()).extracting(Task::status, Task::tokensIn, Task::tokensOut, Task::tokensActual, Task::model,
                Task::latencyMs, Task::attempts, Task::error).containsExactly(TaskStatus.DONE, 1_200L, 300L, 1.5, "gpt-x", 42L, 1, null);
        Task failed = tasks.get(tenant, b.id());
        assertThat(failed).extracting(Task::status, Task::error, Task::model, Task::latencyMs)
                .containsExactly(TaskStatus.FAILED, "HTTP 400: bad request", "gpt-x", null);
    }

    /**
     * A worker whose lease was lost (it expired, the task was taken back and claimed by another
     * worker) cannot write its late outcome; the task's new holder can.
     */
    @Test
    void aLateOutcomeFromALostLeaseIsDropped() {
        Task t = create("Implement ingestion", 2);
        List<TaskQueue> mine = List.of(new TaskQueue(tenant, null));
        assertThat(executions.claim("worker-a", mine, 10, java.time.Duration.ofMillis(-1))).hasSize(1); // expired at once
        assertThat(executions.reapExpired(java.time.Duration.ofMinutes(1), 5))
                .filteredOn(r -> r.tenant().equals(tenant)).extracting(TaskExecutions.Reclaimed::taskId).containsExactly(t.id());
        assertThat(executions.claim("worker-b", mine, 10, java.time.Duration.ofMinutes(1))).hasSize(1);

        assertThat(executions.record("worker-a", List.of(new TaskOutcome.Done(tenant, t.id(), "late", 10, 20, "m", 5)), o -> {}))
                .isEmpty();
        assertThat(tasks.get(tenant, t.id())).extracting(Task::status, Task::attempts).containsExactly(TaskStatus.DOING, 2);

        assertThat(executions.record("worker-b", List.of(new TaskOutcome.Done(tenant, t.id(), "on time", 10, 20, "m", 5)), o -> {}))
                .containsExactly(t.id());
        assertThat(tasks.detail(tenant, t.id()).output()).isEqualTo("on time");
    }

    @Test
    void classifiesAndScoresWhenTheClientGaveNeither() {
        Task t = create("Write regression tests for the analytics import", 1);
        assertThat(t.role()).isEqualTo(Role.QA);
        assertThat(t.roleSource()).isEqualTo("keywords");
        assertThat(t.relevanceSource()).isEqualTo("lexical");
        assertThat(t.purposeRelevance()).isBetween(0.1, 1.0);
    }

    @Test
    void anotherTenantsTaskDoesNotExist() {
        Task mine = create("Mine", 1);
        assertThat(tasks.find(other, mine.id())).isEmpty();
        assertThatThrownBy(() -> tasks.create(other, NewTask.of("Depends on A's task", 1, List.of(mine.id()))))
                .isInstanceOf(ClientError.class).hasMessageContaining("unknown task(s): " + mine.id());
        assertThatThrownBy(() -> tasks.patch(other, mine.id(), TaskPatch.status(TaskStatus.DOING)))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(404);
        assertThatThrownBy(() -> tasks.delete(other, mine.id()))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(404);
        assertThat(tasks.graph(other).tasks()).isEmpty();
        assertThat(tasks.get(tenant, mine.id()).status()).isEqualTo(TaskStatus.TODO);
    }

    @Test
    void backlogIsOrderedByValueDensityAndPagesWithoutGapsOrRepeats() {
        List<Task> created = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            created.add(tasks.create(tenant, new NewTask("Task " + i, i % 7, List.of(), 1.0 + (i % 3), 0.5, null, Role.DEV)));
        }
        Task done = created.getFirst();
        tasks.patch(tenant, done.id(), TaskPatch.status(TaskStatus.DOING));

        List<Task> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page page = tasks.backlog(tenant, cursor, 10);
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).hasSize(56).extracting(Task::id).doesNotHaveDuplicates().doesNotContain(done.id());
        for (int i = 1; i < seen.size(); i++) {
            Task a = seen.get(i - 1);
            Task b = seen.get(i);
            assertThat(a.valueDensity() > b.valueDensity()
                    || (a.valueDensity() == b.valueDensity() && !a.createdAt().isAfter(b.createdAt()))).isTrue();
        }
    }

    @Test
    void statusMovesFollowTheLifeCycle() {
        Task t = create("Life", 1);
        assertThatThrownBy(() -> tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.DONE)))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(409);
        tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.DOING));
        tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.FAILED));
        tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.TODO));
        tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.DOING));
        assertThat(tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.DONE)).status()).isEqualTo(TaskStatus.DONE);
        assertThatThrownBy(() -> tasks.patch(tenant, t.id(), TaskPatch.status(TaskStatus.TODO)))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).status()).isEqualTo(409);
    }

    @Test
    void refusesADependencyThatClosesACycleAndNamesIt() {
        Task a = create("a", 1);
        Task b = create("b", 1, a.id());
        Task c = create("c", 1, b.id());
        TaskPatch cycle = new TaskPatch(Set.of("depends_on"), null, null, null, null, null, null, null, null, List.of(c.id()));

        assertThatThrownBy(() -> tasks.patch(tenant, a.id(), cycle))
                .isInstanceOf(ClientError.class)
                .satisfies(e -> {
                    ClientError ce = (ClientError) e;
                    assertThat(ce.status()).isEqualTo(409);
                    assertThat(ce.extra().get("cycle")).isEqualTo(List.of(a.id(), c.id(), b.id(), a.id()));
                });
        assertThat(tasks.get(tenant, a.id()).dependsOn()).isEmpty();

        TaskPatch self = new TaskPatch(Set.of("depends_on"), null, null, null, null, null, null, null, null, List.of(a.id()));
        assertThatThrownBy(() -> tasks.patch(tenant, a.id(), self)).isInstanceOf(ClientError.class);
    }

    @Test
    void concurrentEditsCannotTogetherCloseACycle() throws Exception {
        // Many pairs (x, y): one thread makes x depend on y while another makes y depend on x.
        List<Task[]> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pairs.add(new Task[] {create("x" + i, 1), create("y" + i, 1)});
        }
        Map<String, Boolean> results = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Task[] p : pairs) {
                for (int dir = 0; dir < 2; dir++) {
                    Task from = p[dir];
                    Task to = p[1 - dir];
                    futures.add(pool.submit(() -> {
                        try {
                            tasks.patch(tenant, from.id(), new TaskPatch(Set.of("depends_on"), null, null, null, null, null,
                                    null, null, null, List.of(to.id())));
                            results.put(from.id(), true);
                        } catch (ClientError e) {
                            results.put(from.id(), false);
                        }
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        for (Task[] p : pairs) {
            boolean both = !tasks.get(tenant, p[0].id()).dependsOn().isEmpty() && !tasks.get(tenant, p[1].id()).dependsOn().isEmpty();
            assertThat(both).as("pair %s/%s has a cycle", p[0].id(), p[1].id()).isFalse();
        }
        assertThat(results.values().stream().filter(Boolean::booleanValue).count()).isEqualTo(pairs.size());
    }

    @Test
    void deleteIsRefusedWhileOthersDependOnIt() {
        Task a = create("a", 1);
        Task b = create("b", 1, a.id());
        assertThatThrownBy(() -> tasks.delete(tenant, a.id()))
                .isInstanceOf(ClientError.class).extracting(e -> ((ClientError) e).extra().get("dependants"))
                .isEqualTo(List.of(b.id()));
        tasks.delete(tenant, b.id());
        tasks.delete(tenant, a.id());
        assertThat(tasks.find(tenant, a.id())).isEmpty();
    }

    @Test
    void graphHasEveryTaskAndEdgeOfTheTenantOnly() {
        Task a = create("a", 1);
        Task b = create("b", 1, a.id());
        Task c = create("c", 1, a.id(), b.id());
        tasks.create(other, NewTask.of("not mine", 1, List.of()));

        Tasks.Graph g = tasks.graph(tenant);
        // Creation order; tasks made in the same millisecond may come in either order.
        assertThat(g.tasks()).extracting(GraphRow::id).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        Set<String> edges = new HashSet<>();
        g.edges().forEach(e -> edges.add(e[0] + "<-" + e[1]));
        assertThat(edges).containsExactlyInAnyOrder(b.id() + "<-" + a.id(), c.id() + "<-" + a.id(), c.id() + "<-" + b.id());
    }

    @Test
    void countsByStatus() {
        Task a = create("a", 1);
        create("b", 1);
        tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DOING));
        assertThat(tasks.countsByStatus(tenant)).containsEntry(TaskStatus.TODO, 1L).containsEntry(TaskStatus.DOING, 1L)
                .containsEntry(TaskStatus.DONE, 0L);
        assertThat(tasks.countsAllTenants().get(tenant.value())).containsEntry(TaskStatus.TODO, 1L);
    }
}
