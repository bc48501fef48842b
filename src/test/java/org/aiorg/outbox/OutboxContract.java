package org.aiorg.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.aiorg.common.ClientError;
import org.aiorg.db.Tx;
import org.aiorg.support.SettableClock;
import org.aiorg.support.TestDatabases;
import org.aiorg.task.NewTask;
import org.aiorg.task.Role;
import org.aiorg.task.Task;
import org.aiorg.task.TaskPatch;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the outbox must do on every database: one row per task change written in the change's
 * transaction, ids that only grow, consumer leases that one owner holds at a time, and pruning.
 * Subclasses pick the database; each test works in a fresh tenant and starts without consumers.
 */
abstract class OutboxContract {

    static final Duration RETENTION = Duration.ofHours(24);

    @TestConfiguration(proxyBeanMethods = false)
    static class Clock {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock();
        }
    }

    @Autowired
    Tasks tasks;

    @Autowired
    Tenants tenants;

    @Autowired
    Outbox outbox;

    @Autowired
    Tx tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    TenantId tenant;

    @BeforeEach
    void freshTenantAndNoConsumers() {
        tenant = TenantId.of(TestDatabases.newTenant());
        tenants.create(tenant, "A", "Analytics for online shops", null);
        tx.run(() -> jdbc.sql("DELETE FROM outbox_consumer").update());
    }

    private Task create(String description, String... deps) {
        return tasks.create(tenant, new NewTask(description, 2.5, List.of(deps), 3.0, 0.5, null, Role.DEV));
    }

    @Test
    void writesOneRowPerChangeCarryingTheNodeAndAllItsDependencies() {
        Task a = create("Design the schema");
        Task b = create("Implement ingestion", a.id());
        Task c = create("Write the docs", a.id(), b.id());
        tasks.patch(tenant, c.id(), TaskPatch.status(TaskStatus.DOING));
        tasks.delete(tenant, c.id());

        List<OutboxEntry> rows = outbox.ofTenant(tenant);
        assertThat(rows).extracting(OutboxEntry::kind).containsExactly(OutboxKind.TASK_CREATED, OutboxKind.TASK_CREATED,
                OutboxKind.TASK_CREATED, OutboxKind.TASK_CHANGED, OutboxKind.TASK_DELETED);
        assertThat(rows).extracting(OutboxEntry::taskId).containsExactly(a.id(), b.id(), c.id(), c.id(), c.id());
        assertThat(rows).extracting(OutboxEntry::tenant).containsOnly(tenant.value());
        assertThat(rows).extracting(OutboxEntry::id).doesNotHaveDuplicates().isSorted();

        OutboxTask created = rows.get(2).task();
        assertThat(created.id()).isEqualTo(c.id());
        assertThat(created.label()).isEqualTo("Write the docs");
        assertThat(created.status()).isEqualTo("todo");
        assertThat(created.businessValue()).isEqualTo(2.5);
        assertThat(created.tokensPlan()).isEqualTo(3.0);
        assertThat(created.tokensActual()).isEqualTo(0.0);
        assertThat(created.purposeRelevance()).isEqualTo(0.5);
        assertThat(created.role()).isEqualTo("dev");
        assertThat(created.holdReason()).isNull();
        assertThat(created.createdAt()).isEqualTo(c.createdAt().toEpochMilli());
        assertThat(created.dependsOn()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(created.previousStatus()).isNull();

        OutboxTask changed = rows.get(3).task();
        assertThat(changed.status()).isEqualTo("doing");
        assertThat(changed.previousStatus()).isEqualTo("todo");
        assertThat(changed.dependsOn()).as("the full list, also when only the status changed")
                .containsExactlyInAnyOrder(a.id(), b.id());

        assertThat(rows.get(4).task().id()).isEqualTo(c.id());
        assertThat(rows.get(4).task().status()).as("the status it had").isEqualTo("doing");
    }

    @Test
    void aRolledBackWriteLeavesNoRow() {
        Task a = create("Design the schema");
        assertThatThrownBy(() -> tx.run(() -> {
            create("Never committed", a.id());
            tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DOING));
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        // A refused change publishes nothing either.
        assertThatThrownBy(() -> tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DONE))).isInstanceOf(ClientError.class);

        assertThat(outbox.ofTenant(tenant)).extracting(OutboxEntry::kind).containsExactly(OutboxKind.TASK_CREATED);
        assertThat(tasks.graph(tenant).tasks()).hasSize(1);
        assertThat(tasks.get(tenant, a.id()).status()).isEqualTo(TaskStatus.TODO);
    }

    /** Changes made in one transaction are written when it commits, all of them, in the order they were made. */
    @Test
    void aTransactionsChangesAreWrittenInTheirOrder() {
        List<String> ids = tx.write(() -> {
            Task a = create("Design the schema");
            Task b = create("Implement ingestion", a.id());
            tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DOING));
            tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DONE));
            return List.of(a.id(), b.id());
        });
        List<OutboxEntry> rows = outbox.ofTenant(tenant);
        assertThat(rows).extracting(OutboxEntry::kind).containsExactly(OutboxKind.TASK_CREATED, OutboxKind.TASK_CREATED,
                OutboxKind.TASK_CHANGED, OutboxKind.TASK_CHANGED);
        assertThat(rows).extracting(OutboxEntry::taskId).containsExactly(ids.get(0), ids.get(1), ids.get(0), ids.get(0));
        assertThat(rows).extracting(r -> r.task().status()).containsExactly("todo", "todo", "doing", "done");
        assertThat(rows).extracting(OutboxEntry::id).isSorted();
    }

    @Test
    void deleteAllWritesADeletionPerTask() {
        Task a = create("Design the schema");
        Task b = create("Implement ingestion", a.id());
        assertThat(tasks.deleteAll(tenant)).isEqualTo(2);

        assertThat(tasks.graph(tenant).tasks()).isEmpty();
        List<OutboxEntry> rows = outbox.ofTenant(tenant);
        assertThat(rows.subList(2, 4)).extracting(OutboxEntry::kind).containsOnly(OutboxKind.TASK_DELETED);
        assertThat(rows.subList(2, 4)).extracting(OutboxEntry::taskId).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void pendingCountsRowsAfterAPositionAndDatesTheOldest() {
        Task a = create("Design the schema");
        create("Implement ingestion", a.id());
        long last = outbox.lastId();
        assertThat(outbox.pending(last)).isEqualTo(new Outbox.Pending(0, null));
        Outbox.Pending two = outbox.pending(last - 2);
        assertThat(two.count()).isEqualTo(2);
        assertThat(two.oldestCreatedAt()).isEqualTo(outbox.ofTenant(tenant).getFirst().createdAt());
    }

    @Test
    void aConsumersLeaseHasOneOwnerAtATime() {
        assertThat(outbox.register("c")).isTrue();
        assertThat(outbox.register("c")).isFalse();
        OutboxConsumer c = outbox.consumer("c").orElseThrow();
        assertThat(c.resync()).as("a new consumer rebuilds first").isTrue();
        assertThat(c.position()).isEqualTo(outbox.lastId());

        assertThat(outbox.lease("c", "a", Duration.ofSeconds(30))).isTrue();
        assertThat(outbox.lease("c", "b", Duration.ofSeconds(30))).isFalse();
        assertThat(outbox.lease("c", "a", Duration.ofSeconds(30))).as("renewal").isTrue();
        create("Design the schema");
        long last = outbox.lastId();
        assertThat(outbox.advance("c", "b", last)).isFalse();
        assertThat(outbox.advance("c", "a", last)).isTrue();
        assertThat(outbox.consumer("c").orElseThrow().position()).isEqualTo(last);

        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.lease("c", "b", Duration.ofSeconds(30))).as("expired lease taken over").isTrue();
        assertThat(outbox.advance("c", "a", last)).as("the old owner can no longer advance").isFalse();
        assertThat(outbox.finishResync("c", "b", last - 1)).isTrue();
        c = outbox.consumer("c").orElseThrow();
        assertThat(c.resync()).isFalse();
        assertThat(c.position()).as("a resync never moves a consumer back").isEqualTo(last);
        assertThat(c.owner()).isEqualTo("b");
    }

    @Test
    void prunesRowsEveryLiveConsumerAppliedThenRowsPastTheRetention() {
        outbox.register("c");
        outbox.lease("c", "a", Duration.ofSeconds(30));
        create("one");
        create("two");
        create("three");
        List<OutboxEntry> rows = outbox.ofTenant(tenant);
        outbox.advance("c", "a", rows.get(1).id());

        outbox.prune();
        assertThat(outbox.ofTenant(tenant)).containsExactly(rows.get(2));

        // The consumer falls silent; a day later its unapplied row goes and it must resync.
        outbox.finishResync("c", "a", rows.get(1).id());
        clock.advance(RETENTION.plusMinutes(1));
        Task late = create("four");
        Outbox.Pruned pruned = outbox.prune();
        assertThat(pruned.expired()).isPositive();
        assertThat(outbox.ofTenant(tenant)).extracting(OutboxEntry::taskId).containsExactly(late.id());
        assertThat(outbox.consumer("c").orElseThrow().resync()).isTrue();
    }

    @Test
    void idsOnlyGrowEvenAfterEveryRowWasPruned() {
        outbox.register("c");
        outbox.lease("c", "a", Duration.ofSeconds(30));
        create("one");
        long last = outbox.lastId();
        outbox.advance("c", "a", last);
        outbox.prune();
        assertThat(outbox.after(0, 10)).isEmpty();

        create("two");
        assertThat(outbox.ofTenant(tenant)).singleElement().satisfies(r -> assertThat(r.id()).isGreaterThan(last));
    }
}
