package org.aiorg.task;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.aiorg.db.Dialect;
import org.aiorg.db.SqlValues;
import org.aiorg.tenant.TenantId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of task execution: claims, leases, outcomes, holds. Statements about one task take the
 * tenant first and filter by it. Claiming, heartbeats and the reaper are the exceptions that
 * work across tenants: they are the system's own queue operations (a worker without queues
 * serves every tenant), and they return each row's tenant so that everything after is scoped.
 */
@Repository
class ExecutionRepository {

    /** A task is ready when it is todo, not held, and every task it depends on is done. */
    private static final String READY = """
            c.status = 'todo' AND c.hold_reason IS NULL
              AND NOT EXISTS (SELECT 1 FROM task_dependency d JOIN task p ON p.id = d.depends_on_id
                              WHERE d.task_id = c.id AND p.status <> 'done')""";

    private static final String ORDER = " ORDER BY c.value_density DESC, c.created_at, c.id";

    private static final String CLAIM_SET = """
            status = 'doing', lease_owner = :owner, lease_expires_at = :expires, attempts = attempts + 1,
            updated_at = :now""";

    private static final String RETURNING = " RETURNING tenant_id, " + TaskRepository.COLUMNS;

    private static final int IN_CHUNK = 500;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Dialect dialect;
    private final TaskRepository tasks;

    ExecutionRepository(JdbcClient jdbc, DataSource dataSource, Dialect dialect, TaskRepository tasks) {
        this.jdbc = jdbc;
        this.batch = new NamedParameterJdbcTemplate(dataSource);
        this.dialect = dialect;
        this.tasks = tasks;
    }

    /** A task with its tenant, as UPDATE ... RETURNING gives it. */
    record Row(TenantId tenant, Task task) {}

    /**
     * Claims up to {@code limit} ready tasks of the queues in one statement. PostgreSQL locks the
     * candidates with SKIP LOCKED, so concurrent claimers take disjoint rows without waiting;
     * SQLite runs the same pick as one atomic conditional update (its writers are serialised).
     */
    List<Row> claim(String owner, List<TaskQueue> queues, int limit, long expires, long now) {
        Map<String, Object> params = new HashMap<>();
        String filter = queueFilter(queues, params);
        String pick = "SELECT c.id AS claim_id FROM task c WHERE " + READY + filter + ORDER + " LIMIT :limit";
        String sql = switch (dialect) {
            case POSTGRESQL -> "WITH picked AS (" + pick + " FOR UPDATE OF c SKIP LOCKED)"
                    + " UPDATE task SET " + CLAIM_SET + " FROM picked WHERE task.id = picked.claim_id" + RETURNING;
            case SQLITE -> "UPDATE task SET " + CLAIM_SET + " WHERE status = 'todo' AND id IN (" + pick + ")" + RETURNING;
        };
        var spec = jdbc.sql(sql).param("owner", owner).param("expires", expires).param("now", now).param("limit", limit);
        for (var e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.query(ExecutionRepository::row).list();
    }

    private static String queueFilter(List<TaskQueue> queues, Map<String, Object> params) {
        if (queues.isEmpty() || queues.stream().anyMatch(TaskQueue::isAll)) {
            return "";
        }
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            TaskQueue q = queues.get(i);
            List<String> ands = new ArrayList<>();
            if (q.tenant() != null) {
                ands.add("c.tenant_id = :qt" + i);
                params.put("qt" + i, q.tenant().value());
            }
            if (q.role() != null) {
                ands.add("c.role = :qr" + i);
                params.put("qr" + i, q.role().wire());
            }
            ors.add("(" + String.join(" AND ", ands) + ")");
        }
        return " AND (" + String.join(" OR ", ors) + ")";
    }

    /** Extends every lease this owner holds: one statement per heartbeat, however many tasks are in flight. */
    int heartbeat(String owner, long expires) {
        return jdbc.sql("UPDATE task SET lease_expires_at = :expires WHERE status = 'doing' AND lease_owner = :owner")
                .param("owner", owner).param("expires", expires).update();
    }

    /**
     * Takes back tasks whose lease expired (their worker died or stalled). A doing task without a
     * lease (moved there by hand) counts as leased for one lease period from its last change.
     * Tasks that already used {@code maxAttempts} fail instead of running yet again.
     */
    List<Row> reap(long now, long staleBefore, int maxAttempts) {
        String expired = " WHERE status = 'doing' AND ((lease_expires_at IS NOT NULL AND lease_expires_at < :now)"
                + " OR (lease_expires_at IS NULL AND updated_at < :stale))";
        List<Row> out = new ArrayList<>(jdbc.sql("""
                UPDATE task SET status = 'failed', updated_at = :now, lease_owner = NULL, lease_expires_at = NULL,
                  last_error = 'gave up after ' || attempts || ' attempt(s): the lease of worker '
                               || COALESCE(lease_owner, '(none)') || ' expired'""" + expired + " AND attempts >= :max" + RETURNING)
                .param("now", now).param("stale", staleBefore).param("max", maxAttempts)
                .query(ExecutionRepository::row).list());
        out.addAll(jdbc.sql("""
                UPDATE task SET status = 'todo', updated_at = :now, lease_owner = NULL, lease_expires_at = NULL,
                  last_error = 'lease of worker ' || COALESCE(lease_owner, '(none)') || ' expired; runs again'""" + expired + RETURNING)
                .param("now", now).param("stale", staleBefore)
                .query(ExecutionRepository::row).list());
        return out;
    }

    /** What the tasks' dependencies produced, by task id (tasks without dependencies are absent). */
    Map<String, List<ClaimedTask.DependencyOutput>> dependencyOutputs(TenantId tenant, Collection<String> ids) {
        Map<String, List<ClaimedTask.DependencyOutput>> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            jdbc.sql("""
                    SELECT d.task_id, p.id, p.description, p.role, o.output
                    FROM task_dependency d JOIN task p ON p.id = d.depends_on_id
                    LEFT JOIN task_output o ON o.task_id = p.id
                    WHERE d.tenant_id = :tenant AND p.tenant_id = :tenant AND d.task_id IN (:ids)
                    ORDER BY d.task_id, p.created_at, p.id""")
                    .param("tenant", tenant.value()).param("ids", chunk)
                    .query((ResultSet rs) -> {
                        String role = rs.getString(4);
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ClaimedTask.DependencyOutput(
                                rs.getString(2), rs.getString(3), role == null ? null : Role.parse(role).orElse(null), rs.getString(5)));
                    });
        }
        return out;
    }

    /**
     * Applies outcomes, each conditional on the lease still being the owner's (else the lease
     * expired and the task was taken back: not applied). Finished tasks (done or failed), the
     * bulk, take one statement per 500; holds and give-backs a JDBC batch each. Returns the ids
     * applied.
     */
    Set<String> apply(String owner, List<TaskOutcome> outcomes, long now) {
        List<TaskOutcome> finished = new ArrayList<>();
        List<MapSqlParameterSource> held = new ArrayList<>();
        List<MapSqlParameterSource> released = new ArrayList<>();
        Map<String, TaskOutcome.Done> outputs = new LinkedHashMap<>();
        for (TaskOutcome o : outcomes) {
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("tenant", o.tenant().value())
                    .addValue("id", o.taskId()).addValue("owner", owner).addValue("now", now);
            switch (o) {
                case TaskOutcome.Done d -> {
                    finished.add(d);
                    outputs.put(d.taskId(), d);
                }
                case TaskOutcome.Failed f -> finished.add(f);
                case TaskOutcome.Held h -> held.add(p.addValue("reason", h.reason()));
                case TaskOutcome.Released r -> released.add(p.addValue("refund", r.attempted() ? 0 : 1));
            }
        }
        String lease = " WHERE tenant_id = :tenant AND id = :id AND status = 'doing' AND lease_owner = :owner";
        String clear = "lease_owner = NULL, lease_expires_at = NULL, updated_at = :now";
        Set<String> applied = new HashSet<>();
        for (int from = 0; from < finished.size(); from += SqlValues.MAX_ROWS) {
            applied.addAll(finish(owner, finished.subList(from, Math.min(finished.size(), from + SqlValues.MAX_ROWS)), now));
        }
        applied.addAll(run("UPDATE task SET status = 'todo', hold_reason = :reason,"
                + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, " + clear + lease, held));
        applied.addAll(run("UPDATE task SET status = 'todo', hold_reason = NULL,"
                + " attempts = CASE WHEN attempts >= :refund THEN attempts - :refund ELSE 0 END, " + clear + lease, released));
        List<MapSqlParameterSource> rows = outputs.values().stream().filter(d -> applied.contains(d.taskId()))
                .map(d -> new MapSqlParameterSource().addValue("id", d.taskId()).addValue("tenant", d.tenant().value())
                        .addValue("output", d.output() == null ? "" : d.output()))
                .toList();
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    INSERT INTO task_output (task_id, tenant_id, output) VALUES (:id, :tenant, :output)
                    ON CONFLICT (task_id) DO UPDATE SET output = excluded.output""", rows.toArray(MapSqlParameterSource[]::new));
        }
        return applied;
    }

    /** Marks done or failed tasks, with their tokens, model, latency and error, in one statement: the ids it changed. */
    private List<String> finish(String owner, List<TaskOutcome> finished, long now) {
        SqlValues values = new SqlValues("VARCHAR(64)", "CHAR(8)", "VARCHAR(10)", "BIGINT", "BIGINT", "DOUBLE PRECISION",
                "VARCHAR(200)", "BIGINT", "VARCHAR(4000)");
        for (TaskOutcome o : finished) {
            switch (o) {
                case TaskOutcome.Done d -> values.add(d.tenant().value(), d.taskId(), TaskStatus.DONE.wire(), d.tokensIn(), d.tokensOut(),
                        blocks(d.tokensIn(), d.tokensOut()), d.model(), d.latencyMs(), null);
                case TaskOutcome.Failed f -> values.add(f.tenant().value(), f.taskId(), TaskStatus.FAILED.wire(), f.tokensIn(),
                        f.tokensOut(), blocks(f.tokensIn(), f.tokensOut()), f.model(), f.latencyMs(), truncate(f.error(), 4000));
                default -> throw new IllegalArgumentException("not a finished outcome: " + o);
            }
        }
        List<Object> params = new ArrayList<>(values.params().size() + 2);
        params.add(now);
        params.addAll(values.params());
        params.add(owner);
        return jdbc.sql("UPDATE task SET status = v.column3, tokens_in = v.column4, tokens_out = v.column5, tokens_actual = v.column6,"
                        + " model = v.column7, latency_ms = v.column8, last_error = v.column9, hold_reason = NULL,"
                        + " lease_owner = NULL, lease_expires_at = NULL, updated_at = ?"
                        + " FROM (" + values.sql() + ") AS v"
                        + " WHERE task.tenant_id = v.column1 AND task.id = v.column2 AND task.status = 'doing' AND task.lease_owner = ?"
                        + " RETURNING task.id")
                .params(params).query(String.class).list();
    }

    /** tokens_actual: the tokens used, in 1k blocks (as the seed counts them). */
    private static double blocks(long in, long out) {
        return (in + out) / 1000.0;
    }

    private Set<String> run(String sql, List<MapSqlParameterSource> rows) {
        Set<String> applied = new HashSet<>();
        if (rows.isEmpty()) {
            return applied;
        }
        int[] counts = batch.batchUpdate(sql, rows.toArray(MapSqlParameterSource[]::new));
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                applied.add((String) rows.get(i).getValue("id"));
            }
        }
        return applied;
    }

    /** Gives back every task this owner still holds (graceful shutdown: the rest of the work). */
    List<Row> releaseAll(String owner, long now) {
        return jdbc.sql("UPDATE task SET status = 'todo', lease_owner = NULL, lease_expires_at = NULL, updated_at = :now"
                        + " WHERE status = 'doing' AND lease_owner = :owner" + RETURNING)
                .param("owner", owner).param("now", now).query(ExecutionRepository::row).list();
    }

    /** Tasks as they are now, for the events about them. */
    List<Task> byIds(TenantId tenant, Collection<String> ids) {
        List<Task> out = new ArrayList<>();
        for (List<String> chunk : chunks(ids)) {
            out.addAll(jdbc.sql("SELECT " + TaskRepository.COLUMNS + " FROM task WHERE tenant_id = :tenant AND id IN (:ids)")
                    .param("tenant", tenant.value()).param("ids", chunk).query(TaskRepository::row).list());
        }
        Map<String, List<String>> deps = tasks.dependenciesOf(tenant, ids);
        return out.stream().map(t -> t.withDependsOn(deps.getOrDefault(t.id(), List.of()))).toList();
    }

    List<TenantId> tenantsWithHold(String reason) {
        return jdbc.sql("SELECT DISTINCT tenant_id FROM task WHERE hold_reason = :reason AND status = 'todo'")
                .param("reason", reason).query(String.class).list().stream().map(TenantId::of).toList();
    }

    List<Row> clearHolds(TenantId tenant, String reason, long now) {
        return jdbc.sql("UPDATE task SET hold_reason = NULL, updated_at = :now"
                        + " WHERE tenant_id = :tenant AND status = 'todo' AND hold_reason = :reason" + RETURNING)
                .param("tenant", tenant.value()).param("reason", reason).param("now", now)
                .query(ExecutionRepository::row).list();
    }

    /** Ready tasks per tenant and role: the queue-depth gauge. */
    Map<TenantId, Map<Role, Long>> readyCounts() {
        Map<TenantId, Map<Role, Long>> out = new LinkedHashMap<>();
        jdbc.sql("SELECT c.tenant_id, c.role, COUNT(*) FROM task c WHERE " + READY + " GROUP BY c.tenant_id, c.role")
                .query((ResultSet rs) -> {
                    Role role = rs.getString(2) == null ? Role.DEV : Role.parse(rs.getString(2)).orElse(Role.DEV);
                    out.computeIfAbsent(TenantId.of(rs.getString(1)), k -> new java.util.EnumMap<>(Role.class))
                            .merge(role, rs.getLong(3), Long::sum);
                });
        return out;
    }

    private static Row row(ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(TenantId.of(rs.getString("tenant_id")), TaskRepository.row(rs, n));
    }

    private static String truncate(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }
}
