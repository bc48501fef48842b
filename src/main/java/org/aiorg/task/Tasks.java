package org.aiorg.task;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import org.aiorg.db.Dialect;
import org.aiorg.db.Tx;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Commands and queries on a tenant's tasks. Every method takes the tenant first. */
@Service
public class Tasks {

    public static final int MAX_PAGE = 1_000;

    private final TaskRepository repository;
    private final Tenants tenants;
    private final Tx tx;
    private final Dialect dialect;
    private final JdbcClient jdbc;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;
    private final RoleClassifier classifier;
    private final RelevanceScorer scorer;

    Tasks(TaskRepository repository, Tenants tenants, Tx tx, Dialect dialect, JdbcClient jdbc, InstantSource clock,
            ApplicationEventPublisher events, RoleClassifier classifier, RelevanceScorer scorer) {
        this.repository = repository;
        this.tenants = tenants;
        this.tx = tx;
        this.dialect = dialect;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.classifier = classifier;
        this.scorer = scorer;
    }

    public Task create(TenantId tenantId, NewTask in) {
        Tenant tenant = tenants.get(tenantId);
        // Classification and scoring may call an LLM: do it before the write transaction.
        RoleClassifier.Classification role = in.role() != null
                ? new RoleClassifier.Classification(in.role(), "user")
                : classifier.classify(tenant, in.description());
        RelevanceScorer.Score relevance = in.purposeRelevance() != null
                ? new RelevanceScorer.Score(in.purposeRelevance(), "user")
                : scorer.score(tenant, in.description());
        double plan = in.tokensPlan() == null ? NewTask.DEFAULT_TOKENS_PLAN : in.tokensPlan();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return tx.write(() -> {
            requireKnown(tenantId, in.dependsOn());
            Task task = new Task(TaskIds.next(), in.description(), TaskStatus.TODO, in.owner(), in.estValue(), plan, 0.0,
                    relevance.relevance(), relevance.source(), Task.valueDensity(in.estValue(), relevance.relevance(), plan),
                    role.role(), role.source(), null, 0, 0, null, null, 0, null, in.dependsOn(), now, now);
            repository.insert(tenantId, task);
            events.publishEvent(new TaskCreated(tenantId, task));
            return task;
        });
    }

    public Optional<Task> find(TenantId tenant, String id) {
        if (!TaskIds.wellFormed(id)) {
            return Optional.empty();
        }
        return tx.read(() -> repository.find(tenant, id));
    }

    public Task get(TenantId tenant, String id) {
        return find(tenant, id).orElseThrow(() -> ClientError.notFound("Task", id));
    }

    public TaskDetail detail(TenantId tenant, String id) {
        Task task = get(tenant, id);
        return new TaskDetail(task, tx.read(() -> repository.output(tenant, id)).orElse(null));
    }

    public Page backlog(TenantId tenant, String cursor, int limit) {
        BacklogCursor after = cursor == null || cursor.isBlank() ? null : BacklogCursor.decode(cursor);
        List<Task> rows = tx.read(() -> repository.backlog(tenant, after, limit + 1));
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<Task> page = rows.subList(0, limit);
        return new Page(page, BacklogCursor.after(page.getLast()).encode());
    }

    public List<Task> list(TenantId tenant, TaskQuery query) {
        return tx.read(() -> repository.list(tenant, query));
    }

    public long count(TenantId tenant, TaskQuery query) {
        return tx.read(() -> repository.count(tenant, query));
    }

    public Map<TaskStatus, Long> countsByStatus(TenantId tenant) {
        return tx.read(() -> repository.countsByStatus(tenant));
    }

    public Map<String, Map<TaskStatus, Long>> countsAllTenants() {
        return tx.read(repository::countsAllTenants);
    }

    /** The tenant's whole graph: tasks in compact form and edges as (task, depends on). */
    public record Graph(List<GraphRow> tasks, List<String[]> edges) {}

    public Graph graph(TenantId tenant) {
        return tx.read(() -> new Graph(repository.graphRows(tenant), repository.edges(tenant)));
    }

    public Task patch(TenantId tenantId, String id, TaskPatch patch) {
        Tenant tenant = tenants.get(tenantId);
        return tx.write(() -> {
            if (patch.has("depends_on")) {
                dialect.lockTenant(jdbc, tenantId.value());
            }
            Task current = find(tenantId, id).orElseThrow(() -> ClientError.notFound("Task", id));
            TaskStatus status = current.status();
            if (patch.status() != null && patch.status() != current.status()) {
                if (!current.status().canMoveTo(patch.status())) {
                    throw ClientError.conflict("invalid-transition",
                            "A " + current.status().wire() + " task cannot move to " + patch.status().wire()
                                    + "; allowed: " + current.status().moves().stream().map(TaskStatus::wire).toList(),
                            List.of(new FieldProblem("status", "cannot move from " + current.status().wire()
                                    + " to " + patch.status().wire())),
                            Map.of("current_status", current.status().wire()));
                }
                status = patch.status();
            }
            List<String> deps = current.dependsOn();
            if (patch.has("depends_on")) {
                deps = patch.dependsOn();
                requireKnown(tenantId, deps);
                refuseCycle(tenantId, id, deps);
                repository.replaceDependencies(tenantId, id, deps);
            }
            double value = patch.estValue() != null ? patch.estValue() : current.estValue();
            double plan = patch.tokensPlan() != null ? patch.tokensPlan() : current.tokensPlan();
            double relevance = patch.purposeRelevance() != null ? patch.purposeRelevance() : current.purposeRelevance();
            String relevanceSource = patch.purposeRelevance() != null ? "user" : current.relevanceSource();
            Role role = patch.has("role") ? patch.role() : current.role();
            String roleSource = patch.has("role") ? (patch.role() == null ? null : "user") : current.roleSource();
            if (patch.has("role") && patch.role() == null) {
                var c = classifier.classify(tenant, current.description());
                role = c.role();
                roleSource = c.source();
            }
            // A task that leaves todo is no longer held back.
            String hold = status == TaskStatus.TODO ? current.holdReason() : null;
            TaskPatch.RunReport run = patch.run();
            Task changed = new Task(id, patch.description() != null ? patch.description() : current.description(), status,
                    patch.has("owner") ? patch.owner() : current.owner(), value, plan,
                    patch.tokensActual() != null ? patch.tokensActual() : current.tokensActual(), relevance, relevanceSource,
                    Task.valueDensity(value, relevance, plan), role, roleSource, hold, current.tokensIn(), current.tokensOut(),
                    patch.has("model") ? run.model() : current.model(), patch.has("latency_ms") ? run.latencyMs() : current.latencyMs(),
                    current.attempts(), patch.has("error") ? run.error() : current.error(), deps, current.createdAt(),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            repository.update(tenantId, changed);
            if (patch.has("output")) {
                repository.replaceOutput(tenantId, id, run.output());
            }
            events.publishEvent(new TaskChanged(tenantId, changed, current.status()));
            return changed;
        });
    }

    public void delete(TenantId tenantId, String id) {
        tx.run(() -> {
            dialect.lockTenant(jdbc, tenantId.value());
            Task current = find(tenantId, id).orElseThrow(() -> ClientError.notFound("Task", id));
            List<String> dependants = repository.dependants(tenantId, id);
            if (!dependants.isEmpty()) {
                throw ClientError.conflict("has-dependants",
                        "Task '" + id + "' cannot be deleted: " + dependants.size() + " task(s) depend on it",
                        List.of(), Map.of("dependants", dependants));
            }
            repository.delete(tenantId, id);
            events.publishEvent(new TaskDeleted(tenantId, id, current.status()));
        });
    }

    /**
     * Deletes all of the tenant's tasks (dependencies included) in one transaction, publishing
     * {@link TaskDeleted} for each, so that every listener (the outbox too) sees them go.
     * Returns how many were deleted.
     */
    public int deleteAll(TenantId tenantId) {
        return tx.write(() -> {
            dialect.lockTenant(jdbc, tenantId.value());
            Map<String, TaskStatus> existing = repository.statuses(tenantId);
            repository.deleteAll(tenantId);
            existing.forEach((id, status) -> events.publishEvent(new TaskDeleted(tenantId, id, status)));
            return existing.size();
        });
    }

    /** Unknown ids and other tenants' ids get the same answer: they do not exist here. */
    private void requireKnown(TenantId tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> malformed = ids.stream().filter(d -> !TaskIds.wellFormed(d)).toList();
        Set<String> found = repository.existing(tenant, ids.stream().filter(TaskIds::wellFormed).toList());
        List<String> unknown = ids.stream().filter(d -> malformed.contains(d) || !found.contains(d)).toList();
        if (!unknown.isEmpty()) {
            throw ClientError.invalid("depends_on", "unknown task(s): " + String.join(", ", unknown));
        }
    }

    /**
     * Refuses dependencies that would close a cycle: the task must not be reachable from any
     * new dependency. Breadth-first, one query per level, with parents kept to name the cycle.
     */
    private void refuseCycle(TenantId tenant, String taskId, List<String> deps) {
        Map<String, String> parent = new HashMap<>();
        ArrayDeque<String> frontier = new ArrayDeque<>();
        for (String d : deps) {
            if (d.equals(taskId)) {
                throw cycle(List.of(taskId, taskId));
            }
            if (parent.putIfAbsent(d, taskId) == null) {
                frontier.add(d);
            }
        }
        while (!frontier.isEmpty()) {
            List<String> level = new ArrayList<>(frontier);
            frontier.clear();
            Map<String, List<String>> next = repository.dependenciesOf(tenant, level);
            for (String node : level) {
                for (String dep : next.getOrDefault(node, List.of())) {
                    if (dep.equals(taskId)) {
                        LinkedList<String> path = new LinkedList<>();
                        path.addFirst(taskId);
                        for (String at = node; !at.equals(taskId); at = parent.get(at)) {
                            path.addFirst(at);
                        }
                        path.addFirst(taskId);
                        throw cycle(path);
                    }
                    if (parent.putIfAbsent(dep, node) == null) {
                        frontier.add(dep);
                    }
                }
            }
        }
    }

    private static ClientError cycle(List<String> path) {
        String chain = String.join(" -> ", path);
        return ClientError.conflict("dependency-cycle", "These dependencies would close a cycle: " + chain,
                List.of(new FieldProblem("depends_on", "would close the cycle " + chain)), Map.of("cycle", path));
    }
}
