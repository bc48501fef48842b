package org.aiorg.task;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * How workers take tasks through their life: claim ready tasks under a lease, keep the lease
 * alive, record how each execution ended, take back expired leases, hold and release tasks.
 * Every status change publishes {@link TaskChanged} inside its transaction, as {@link Tasks} does.
 */
@Service
public class TaskExecutions {

    /** The tenant's budget refused the reservation; cleared when the budget grows. */
    public static final String HOLD_BUDGET_EXHAUSTED = "budget_exhausted";
    /** The budget store could not answer; cleared on the next hold check. */
    public static final String HOLD_BUDGET_UNAVAILABLE = "budget_unavailable";

    /** A task the reaper took back: {@code gaveUp} when it used its last attempt and failed instead. */
    public record Reclaimed(TenantId tenant, String taskId, String previousStatus, boolean gaveUp) {}

    private final ExecutionRepository repository;
    private final Tx tx;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;

    TaskExecutions(ExecutionRepository repository, Tx tx, InstantSource clock, ApplicationEventPublisher events) {
        this.repository = repository;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Claims up to {@code limit} ready tasks of the queues (all queues when empty), highest value
     * density first, and marks them {@code doing} under the owner's lease. One round trip for the
     * claim plus one read per tenant for what the dependencies produced.
     */
    public List<ClaimedTask> claim(String owner, List<TaskQueue> queues, int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        long now = clock.millis();
        List<ClaimedTask> out = tx.write(() -> {
            List<ExecutionRepository.Row> rows = repository.claim(owner, queues, limit, now + lease.toMillis(), now);
            Map<TenantId, List<ExecutionRepository.Row>> byTenant = new LinkedHashMap<>();
            rows.forEach(r -> byTenant.computeIfAbsent(r.tenant(), k -> new ArrayList<>()).add(r));
            List<ClaimedTask> claimed = new ArrayList<>(rows.size());
            byTenant.forEach((tenant, list) -> {
                var deps = repository.dependencyOutputs(tenant, list.stream().map(r -> r.task().id()).toList());
                for (ExecutionRepository.Row r : list) {
                    List<ClaimedTask.DependencyOutput> d = deps.getOrDefault(r.task().id(), List.of());
                    Task task = r.task().withDependsOn(d.stream().map(ClaimedTask.DependencyOutput::id).toList());
                    claimed.add(new ClaimedTask(tenant, task, d));
                    events.publishEvent(new TaskChanged(tenant, task, TaskStatus.TODO));
                }
            });
            return claimed;
        });
        // Claimed in one statement, returned in no particular order: start the most valuable first.
        out.sort((a, b) -> Double.compare(b.task().valueDensity(), a.task().valueDensity()));
        return out;
    }

    /** Extends every lease the owner holds to now + lease; returns how many. */
    public int heartbeat(String owner, Duration lease) {
        long expires = clock.millis() + lease.toMillis();
        return tx.write(() -> repository.heartbeat(owner, expires));
    }

    /**
     * Records outcomes in one transaction. {@code beforeEach} runs inside the transaction before
     * each outcome is written (the worker settles the budget there, so that settle and done commit
     * together when the budget store shares the database). Returns the ids applied; an outcome whose
     * lease was lost (expired and taken back) is not applied. If anything throws, nothing is written.
     */
    public Set<String> record(String owner, List<TaskOutcome> outcomes, Consumer<TaskOutcome> beforeEach) {
        if (outcomes.isEmpty()) {
            return Set.of();
        }
        return tx.write(() -> {
            outcomes.forEach(beforeEach);
            Set<String> applied = repository.apply(owner, outcomes, clock.millis());
            publishChanged(outcomes, applied);
            return applied;
        });
    }

    /**
     * As {@link #record}, running {@code before} once (not per outcome) first in the same
     * transaction: the workers settle a batch's reservations there, so settle and done commit together.
     */
    public Set<String> recordAfter(String owner, List<TaskOutcome> outcomes, Runnable before) {
        if (outcomes.isEmpty()) {
            return Set.of();
        }
        return tx.write(() -> {
            before.run();
            Set<String> applied = repository.apply(owner, outcomes, clock.millis());
            publishChanged(outcomes, applied);
            return applied;
        });
    }

    private void publishChanged(List<TaskOutcome> outcomes, Set<String> applied) {
        Map<TenantId, List<String>> byTenant = new LinkedHashMap<>();
        for (TaskOutcome o : outcomes) {
            if (applied.contains(o.taskId())) {
                byTenant.computeIfAbsent(o.tenant(), k -> new ArrayList<>()).add(o.taskId());
            }
        }
        byTenant.forEach((tenant, ids) -> {
            for (Task t : repository.byIds(tenant, ids)) {
                events.publishEvent(new TaskChanged(tenant, t, TaskStatus.DOING));
            }
        });
    }

    /** Gives back every task the owner still holds: back to todo, lease cleared. Returns how many. */
    public int releaseAll(String owner) {
        return tx.write(() -> {
            List<ExecutionRepository.Row> rows = repository.releaseAll(owner, clock.millis());
            rows.forEach(r -> events.publishEvent(new TaskChanged(r.tenant(), r.task(), TaskStatus.DOING)));
            return rows.size();
        });
    }

    /**
     * Takes back tasks whose lease expired: they run again (the next claim counts attempt + 1),
     * unless they already used {@code maxAttempts}, then they fail.
     */
    public List<Reclaimed> reapExpired(Duration lease, int maxAttempts) {
        long now = clock.millis();
        return tx.write(() -> {
            List<Reclaimed> out = new ArrayList<>();
            for (ExecutionRepository.Row r : repository.reap(now, now - lease.toMillis(), maxAttempts)) {
                events.publishEvent(new TaskChanged(r.tenant(), r.task(), TaskStatus.DOING));
                out.add(new Reclaimed(r.tenant(), r.task().id(), TaskStatus.DOING.wire(), r.task().status() == TaskStatus.FAILED));
            }
            return out;
        });
    }

    /** Tenants that have todo tasks held for this reason. */
    public List<TenantId> tenantsWithHold(String reason) {
        return tx.read(() -> repository.tenantsWithHold(reason));
    }

    /** Clears the hold on the tenant's todo tasks: they are ready again (if their dependencies are done). */
    public int clearHolds(TenantId tenant, String reason) {
        return tx.write(() -> {
            List<ExecutionRepository.Row> rows = repository.clearHolds(tenant, reason, clock.millis());
            rows.forEach(r -> events.publishEvent(new TaskChanged(r.tenant(), r.task(), TaskStatus.TODO)));
            return rows.size();
        });
    }

    /** Ready tasks (todo, not held, all dependencies done) per tenant and role. */
    public Map<TenantId, Map<Role, Long>> readyCounts() {
        return tx.read(repository::readyCounts);
    }
}
