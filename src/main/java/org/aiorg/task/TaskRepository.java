package org.aiorg.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aiorg.tenant.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tasks and dependencies in SQL. Every method takes the tenant first and every statement
 * filters by it: no query reads across tenants.
 */
@Repository
class TaskRepository {

    static final String COLUMNS = """
            id, description, status, owner, est_value, tokens_plan, tokens_actual, purpose_relevance,
            relevance_source, value_density, role, role_source, hold_reason, tokens_in, tokens_out, model,
            latency_ms, attempts, last_error, created_at, updated_at""";

    /** SQLite allows 32766 parameters per statement; stay well below for IN lists. */
    private static final int IN_CHUNK = 500;

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Task t) {
        jdbc.sql("""
                INSERT INTO task (id, tenant_id, description, status, owner, est_value, tokens_plan, tokens_actual,
                  purpose_relevance, relevance_source, value_density, role, role_source, hold_reason, created_at, updated_at)
                VALUES (:id, :tenant, :description, :status, :owner, :value, :plan, :actual,
                  :relevance, :relevanceSource, :density, :role, :roleSource, :hold, :created, :updated)""")
                .param("id", t.id()).param("tenant", tenant.value()).param("description", t.description())
                .param("status", t.status().wire()).param("owner", t.owner()).param("value", t.estValue())
                .param("plan", t.tokensPlan()).param("actual", t.tokensActual()).param("relevance", t.purposeRelevance())
                .param("relevanceSource", t.relevanceSource()).param("density", t.valueDensity())
                .param("role", t.role() == null ? null : t.role().wire()).param("roleSource", t.roleSource())
                .param("hold", t.holdReason())
                .param("created", t.createdAt().toEpochMilli()).param("updated", t.updatedAt().toEpochMilli())
                .update();
        insertDependencies(tenant, t.id(), t.dependsOn());
    }

    void insertDependencies(TenantId tenant, String taskId, List<String> deps) {
        for (String dep : deps) {
            jdbc.sql("INSERT INTO task_dependency (tenant_id, task_id, depends_on_id) VALUES (:tenant, :task, :dep)")
                    .param("tenant", tenant.value()).param("task", taskId).param("dep", dep).update();
        }
    }

    void replaceDependencies(TenantId tenant, String taskId, List<String> deps) {
        jdbc.sql("DELETE FROM task_dependency WHERE tenant_id = :tenant AND task_id = :task")
                .param("tenant", tenant.value()).param("task", taskId).update();
        insertDependencies(tenant, taskId, deps);
    }

    Optional<Task> find(TenantId tenant, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value()).param("id", id)
                .query(TaskRepository::row).optional()
                .map(t -> t.withDependsOn(dependenciesOf(tenant, List.of(id)).getOrDefault(id, List.of())));
    }

    Optional<String> output(TenantId tenant, String id) {
        return jdbc.sql("SELECT output FROM task_output WHERE tenant_id = :tenant AND task_id = :id")
                .param("tenant", tenant.value()).param("id", id).query(String.class).optional();
    }

    /** The tenant's todo tasks in backlog order, after the cursor's position. */
    List<Task> backlog(TenantId tenant, BacklogCursor after, int limit) {
        String where = after == null ? "" : """
                 AND (value_density < :density OR (value_density = :density
                      AND (created_at > :created OR (created_at = :created AND id > :id))))""";
        var spec = jdbc.sql("SELECT " + COLUMNS + " FROM task WHERE tenant_id = :tenant AND status = 'todo'" + where
                        + " ORDER BY value_density DESC, created_at, id LIMIT :limit")
                .param("tenant", tenant.value()).param("limit", limit);
        if (after != null) {
            spec = spec.param("density", after.density()).param("created", after.createdAtMillis()).param("id", after.id());
        }
        return withDependencies(tenant, spec.query(TaskRepository::row).list());
    }

    List<Task> list(TenantId tenant, TaskQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM task WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        filter(q, sql, params);
        sql.append(" ORDER BY ").append(q.sort().column()).append(q.descending() ? " DESC" : " ASC")
                .append(", id").append(q.descending() ? " DESC" : " ASC")
                .append(" LIMIT :limit OFFSET :offset");
        var spec = jdbc.sql(sql.toString()).param("tenant", tenant.value()).param("limit", q.limit()).param("offset", q.offset());
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return withDependencies(tenant, spec.query(TaskRepository::row).list());
    }

    long count(TenantId tenant, TaskQuery q) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM task WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        filter(q, sql, params);
        var spec = jdbc.sql(sql.toString()).param("tenant", tenant.value());
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query(Long.class).single();
    }

    private static void filter(TaskQuery q, StringBuilder sql, Map<String, Object> params) {
        if (!q.statuses().isEmpty()) {
            sql.append(" AND status IN (:statuses)");
            params.put("statuses", q.statuses().stream().map(TaskStatus::wire).toList());
        }
        if (!q.roles().isEmpty()) {
            sql.append(" AND role IN (:roles)");
            params.put("roles", q.roles().stream().map(Role::wire).toList());
        }
    }

    Map<TaskStatus, Long> countsByStatus(TenantId tenant) {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("SELECT status, COUNT(*) AS n FROM task WHERE tenant_id = :tenant GROUP BY status")
                .param("tenant", tenant.value())
                .query((ResultSet rs) -> {
                    counts.put(TaskStatus.parse(rs.getString("status")).orElseThrow(), rs.getLong("n"));
                });
        return counts;
    }

    /** Counts per tenant and status over all tenants: only for the metrics gauge. */
    Map<String, Map<TaskStatus, Long>> countsAllTenants() {
        Map<String, Map<TaskStatus, Long>> out = new LinkedHashMap<>();
        jdbc.sql("SELECT tenant_id, status, COUNT(*) AS n FROM task GROUP BY tenant_id, status")
                .query((ResultSet rs) -> {
                    TaskStatus status = TaskStatus.parse(rs.getString("status")).orElseThrow();
                    out.computeIfAbsent(rs.getString("tenant_id"), k -> new EnumMap<>(TaskStatus.class)).put(status, rs.getLong("n"));
                });
        return out;
    }

    /** Which of these ids are tasks of this tenant. */
    Set<String> existing(TenantId tenant, Collection<String> ids) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(ids)) {
            found.addAll(jdbc.sql("SELECT id FROM task WHERE tenant_id = :tenant AND id IN (:ids)")
                    .param("tenant", tenant.value()).param("ids", chunk).query(String.class).list());
        }
        return found;
    }

    /** The dependencies of each of these tasks (tasks without any are absent from the map). */
    Map<String, List<String>> dependenciesOf(TenantId tenant, Collection<String> ids) {
        Map<String, List<String>> deps = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            jdbc.sql("SELECT task_id, depends_on_id FROM task_dependency WHERE tenant_id = :tenant AND task_id IN (:ids)"
                            + " ORDER BY task_id, depends_on_id")
                    .param("tenant", tenant.value()).param("ids", chunk)
                    .query((ResultSet rs) -> {
                        deps.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
        }
        return deps;
    }

    List<String> dependants(TenantId tenant, String id) {
        return jdbc.sql("SELECT task_id FROM task_dependency WHERE tenant_id = :tenant AND depends_on_id = :id ORDER BY task_id")
                .param("tenant", tenant.value()).param("id", id).query(String.class).list();
    }

    int update(TenantId tenant, Task t) {
        return jdbc.sql("""
                UPDATE task SET description = :description, status = :status, owner = :owner, est_value = :value,
                  tokens_plan = :plan, tokens_actual = :actual, purpose_relevance = :relevance,
                  relevance_source = :relevanceSource, value_density = :density, role = :role, role_source = :roleSource,
                  hold_reason = :hold, model = :model, latency_ms = :latency, last_error = :error, updated_at = :updated
                WHERE tenant_id = :tenant AND id = :id""")
                .param("id", t.id()).param("tenant", tenant.value()).param("description", t.description())
                .param("status", t.status().wire()).param("owner", t.owner()).param("value", t.estValue())
                .param("plan", t.tokensPlan()).param("actual", t.tokensActual()).param("relevance", t.purposeRelevance())
                .param("relevanceSource", t.relevanceSource()).param("density", t.valueDensity())
                .param("role", t.role() == null ? null : t.role().wire()).param("roleSource", t.roleSource())
                .param("hold", t.holdReason()).param("model", t.model()).param("latency", t.latencyMs()).param("error", t.error())
                .param("updated", t.updatedAt().toEpochMilli())
                .update();
    }

    /** Sets the task's output (a run reported through the API); null removes it. */
    void replaceOutput(TenantId tenant, String id, String output) {
        if (output == null) {
            jdbc.sql("DELETE FROM task_output WHERE tenant_id = :tenant AND task_id = :id")
                    .param("tenant", tenant.value()).param("id", id).update();
            return;
        }
        jdbc.sql("""
                INSERT INTO task_output (task_id, tenant_id, output) VALUES (:id, :tenant, :output)
                ON CONFLICT (task_id) DO UPDATE SET output = excluded.output""")
                .param("id", id).param("tenant", tenant.value()).param("output", output).update();
    }

    int delete(TenantId tenant, String id) {
        jdbc.sql("DELETE FROM task_dependency WHERE tenant_id = :tenant AND task_id = :id")
                .param("tenant", tenant.value()).param("id", id).update();
        jdbc.sql("DELETE FROM task_output WHERE tenant_id = :tenant AND task_id = :id")
                .param("tenant", tenant.value()).param("id", id).update();
        return jdbc.sql("DELETE FROM task WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value()).param("id", id).update();
    }

    /** Id and status of every task of the tenant, for a tenant-wide delete. */
    Map<String, TaskStatus> statuses(TenantId tenant) {
        Map<String, TaskStatus> out = new LinkedHashMap<>();
        jdbc.sql("SELECT id, status FROM task WHERE tenant_id = :tenant ORDER BY created_at, id")
                .param("tenant", tenant.value())
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), TaskStatus.parse(rs.getString(2)).orElseThrow());
                });
        return out;
    }

    /** Deletes every task of the tenant with its dependencies and outputs. */
    int deleteAll(TenantId tenant) {
        // Dependencies first: task_dependency.depends_on_id references task without a cascade.
        jdbc.sql("DELETE FROM task_dependency WHERE tenant_id = :tenant").param("tenant", tenant.value()).update();
        jdbc.sql("DELETE FROM task_output WHERE tenant_id = :tenant").param("tenant", tenant.value()).update();
        return jdbc.sql("DELETE FROM task WHERE tenant_id = :tenant").param("tenant", tenant.value()).update();
    }

    /** Every task of the tenant in the compact form the graph view needs, in creation order. */
    List<GraphRow> graphRows(TenantId tenant) {
        return jdbc.sql("""
                SELECT id, description, status, est_value, tokens_plan, tokens_actual, purpose_relevance, role, hold_reason,
                  created_at
                FROM task WHERE tenant_id = :tenant ORDER BY created_at, id""")
                .param("tenant", tenant.value())
                .query((rs, n) -> new GraphRow(rs.getString(1), rs.getString(2), TaskStatus.parse(rs.getString(3)).orElseThrow(),
                        rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7),
                        rs.getString(8) == null ? null : Role.parse(rs.getString(8)).orElse(null), rs.getString(9),
                        Instant.ofEpochMilli(rs.getLong(10))))
                .list();
    }

    /** Every dependency edge of the tenant as (task, depends on). */
    List<String[]> edges(TenantId tenant) {
        return jdbc.sql("SELECT task_id, depends_on_id FROM task_dependency WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    private List<Task> withDependencies(TenantId tenant, List<Task> tasks) {
        if (tasks.isEmpty()) {
            return tasks;
        }
        Map<String, List<String>> deps = dependenciesOf(tenant, tasks.stream().map(Task::id).toList());
        return tasks.stream().map(t -> t.withDependsOn(deps.getOrDefault(t.id(), List.of()))).toList();
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }

    static Task row(ResultSet rs, int n) throws SQLException {
        long latency = rs.getLong("latency_ms");
        Long latencyMs = rs.wasNull() ? null : latency;
        String role = rs.getString("role");
        return new Task(
                rs.getString("id"), rs.getString("description"), TaskStatus.parse(rs.getString("status")).orElseThrow(),
                rs.getString("owner"), rs.getDouble("est_value"), rs.getDouble("tokens_plan"), rs.getDouble("tokens_actual"),
                rs.getDouble("purpose_relevance"), rs.getString("relevance_source"), rs.getDouble("value_density"),
                role == null ? null : Role.parse(role).orElse(null), rs.getString("role_source"), rs.getString("hold_reason"),
                rs.getLong("tokens_in"), rs.getLong("tokens_out"), rs.getString("model"), latencyMs, rs.getInt("attempts"),
                rs.getString("last_error"), List.of(),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
