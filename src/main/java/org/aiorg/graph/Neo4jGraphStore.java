package org.aiorg.graph;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiorg.outbox.OutboxEntry;
import org.aiorg.outbox.OutboxKind;
import org.aiorg.outbox.OutboxTask;
import org.aiorg.task.GraphRow;
import org.aiorg.task.Role;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;

/**
 * The task graph in Neo4j: {@code (:Task {tenant, id, status, business_value, tokens_plan,
 * tokens_actual, purpose_relevance, role, label, hold_reason, created_at})-[:DEPENDS_ON]->(:Task)},
 * unique on (tenant, id). Writes are idempotent: a node is merged and its DEPENDS_ON edges
 * replaced, a deleted task is detach-deleted, so applying a row twice changes nothing.
 */
class Neo4jGraphStore {

    /** Rows per UNWIND statement in a rebuild. */
    private static final int CHUNK = 5_000;

    // why elementIds: in Neo4j 2025.11 an index seek on the (tenant, id) constraint does not see
    // nodes created or changed earlier in the same transaction (a MATCH found nothing, a MERGE made
    // a duplicate; Neo4jProjectionTest caught edges missing). So nodes are merged once each and
    // then addressed by the elementId the MERGE returned; only untouched nodes are looked up by key.
    private static final String MERGE_NODES = """
            UNWIND $nodes AS n
            MERGE (t:Task {tenant: n.tenant, id: n.id})
            SET t += n.props
            RETURN n.id AS id, elementId(t) AS ref""";
    private static final String CREATE_NODES = """
            UNWIND $nodes AS n
            CREATE (t:Task)
            SET t = n.props, t.tenant = n.tenant, t.id = n.id
            RETURN n.id AS id, elementId(t) AS ref""";
    private static final String FIND_NODES = """
            UNWIND $ids AS id
            MATCH (t:Task {tenant: $tenant, id: id})
            RETURN t.id AS id, elementId(t) AS ref""";
    private static final String DROP_EDGES = """
            UNWIND $refs AS ref
            MATCH (t:Task)-[e:DEPENDS_ON]->()
            WHERE elementId(t) = ref
            DELETE e""";
    private static final String ADD_EDGES = """
            UNWIND $edges AS e
            MATCH (t:Task) WHERE elementId(t) = e.task
            MATCH (d:Task) WHERE elementId(d) = e.dep
            MERGE (t)-[:DEPENDS_ON]->(d)""";
    private static final String DELETE_NODES = """
            UNWIND $deletes AS x
            MATCH (t:Task {tenant: x.tenant, id: x.id})
            DETACH DELETE t""";

    /** A task's whole state in the projection. */
    private record Node(String tenant, String id, Map<String, Object> props, List<String> dependsOn) {
        Map<String, Object> param() {
            return Map.of("tenant", tenant, "id", id, "props", props);
        }
    }

    private final Driver driver;
    private final SessionConfig writeSession;
    private final SessionConfig readSession;
    private final TransactionConfig txConfig;
    private volatile boolean schemaReady;

    Neo4jGraphStore(Driver driver, String database, Duration txTimeout) {
        this.driver = driver;
        SessionConfig.Builder w = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE);
        SessionConfig.Builder r = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
        if (database != null && !database.isBlank()) {
            w.withDatabase(database);
            r.withDatabase(database);
        }
        this.writeSession = w.build();
        this.readSession = r.build();
        this.txConfig = TransactionConfig.builder().withTimeout(txTimeout).build();
    }

    /** Creates the uniqueness constraint and the tenant index unless they exist (once per process). */
    void ensureSchema() {
        if (schemaReady) {
            return;
        }
        try (Session s = driver.session(writeSession)) {
            s.run("CREATE CONSTRAINT task_tenant_id IF NOT EXISTS FOR (t:Task) REQUIRE (t.tenant, t.id) IS UNIQUE").consume();
            // why: reads select a whole tenant; the constraint's composite index needs both properties
            s.run("CREATE INDEX task_tenant IF NOT EXISTS FOR (t:Task) ON (t.tenant)").consume();
            s.run("CALL db.awaitIndexes(60)").consume();
        }
        schemaReady = true;
    }

    /**
     * Applies outbox rows (in id order) in one transaction. Every row carries its task's whole
     * state, so only the last row of each task counts: the end state is the same as applying them
     * one by one, with one statement per kind of change instead of one per row.
     */
    void apply(List<OutboxEntry> rows) {
        ensureSchema();
        Map<String, OutboxEntry> last = new LinkedHashMap<>();
        for (OutboxEntry row : rows) {
            String key = row.tenant() + "\u0000" + row.taskId();
            last.remove(key);
            last.put(key, row);
        }
        List<Node> upserts = new ArrayList<>();
        List<Map<String, Object>> deletes = new ArrayList<>();
        for (OutboxEntry row : last.values()) {
            if (row.kind() == OutboxKind.TASK_DELETED) {
                deletes.add(Map.of("tenant", row.tenant(), "id", row.taskId()));
            } else {
                upserts.add(node(row.tenant(), row.task()));
            }
        }
        Map<String, List<Node>> byTenant = new LinkedHashMap<>();
        upserts.forEach(n -> byTenant.computeIfAbsent(n.tenant(), k -> new ArrayList<>()).add(n));
        try (Session s = driver.session(writeSession); Transaction tx = s.beginTransaction(txConfig)) {
            if (!deletes.isEmpty()) {
                tx.run(DELETE_NODES, Map.of("deletes", deletes)).consume();
            }
            for (var e : byTenant.entrySet()) {
                write(tx, e.getKey(), e.getValue(), MERGE_NODES, true);
            }
            tx.commit();
        }
    }

    /** Replaces the tenant's nodes and edges with {@code graph} in one transaction. */
    GraphProjection.Rebuilt replaceTenant(TenantId tenant, Tasks.Graph graph) {
        ensureSchema();
        Map<String, List<String>> deps = new HashMap<>();
        for (String[] e : graph.edges()) {
            deps.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
        }
        List<Node> nodes = new ArrayList<>(graph.tasks().size());
        for (GraphRow r : graph.tasks()) {
            nodes.add(new Node(tenant.value(), r.id(), props(r), deps.getOrDefault(r.id(), List.of())));
        }
        try (Session s = driver.session(writeSession); Transaction tx = s.beginTransaction(txConfig)) {
            tx.run("MATCH (t:Task {tenant: $tenant}) DETACH DELETE t", Map.of("tenant", tenant.value())).consume();
            // after the delete the tenant has no nodes: CREATE, no lookups
            write(tx, tenant.value(), nodes, CREATE_NODES, false);
            tx.commit();
        }
        return new GraphProjection.Rebuilt(nodes.size(), graph.edges().size());
    }

    /** The tenant's graph in the shape SQL gives: tasks in creation order, edges as (task, depends on). */
    Tasks.Graph load(TenantId tenant) {
        try (Session s = driver.session(readSession)) {
            return s.executeRead(tx -> {
                List<GraphRow> rows = new ArrayList<>();
                List<String[]> edges = new ArrayList<>();
                var result = tx.run("""
                        MATCH (t:Task {tenant: $tenant})
                        OPTIONAL MATCH (t)-[:DEPENDS_ON]->(d:Task)
                        WITH t, collect(d.id) AS deps
                        RETURN t.id AS id, t.label AS label, t.status AS status, t.business_value AS value,
                               t.tokens_plan AS plan, t.tokens_actual AS actual, t.purpose_relevance AS relevance,
                               t.role AS role, t.hold_reason AS hold, t.created_at AS created, deps
                        ORDER BY created, id""", Map.of("tenant", tenant.value()));
                Set<String> ids = new HashSet<>();
                while (result.hasNext()) {
                    Record r = result.next();
                    if (r.get("status").isNull()) {
                        // why: read-committed again: a node the relay detach-deleted after this
                        // query matched it reads back without properties. It is gone; skip it.
                        continue;
                    }
                    GraphRow row = row(r);
                    rows.add(row);
                    ids.add(row.id());
                    for (Value d : r.get("deps").values()) {
                        edges.add(new String[] {row.id(), d.asString()});
                    }
                }
                // why: reads are read-committed; a relay commit between rows could leave an edge to a
                // node this read did not see. The next read is whole again.
                edges.removeIf(e -> !ids.contains(e[1]));
                return new Tasks.Graph(rows, edges);
            }, txConfig);
        }
    }

    /** Counts of the tenant's nodes and edges (tests, diagnostics). */
    GraphProjection.Rebuilt count(TenantId tenant) {
        try (Session s = driver.session(readSession)) {
            Record r = s.run("""
                    MATCH (t:Task {tenant: $tenant})
                    OPTIONAL MATCH (t)-[e:DEPENDS_ON]->()
                    RETURN count(DISTINCT t) AS tasks, count(e) AS edges""", Map.of("tenant", tenant.value())).single();
            return new GraphProjection.Rebuilt(r.get("tasks").asInt(), r.get("edges").asInt());
        }
    }

    /**
     * Writes one tenant's nodes with {@code nodeStatement} (merge or create, returning each node's
     * elementId), then replaces their DEPENDS_ON edges, in chunks of {@link #CHUNK}.
     */
    private void write(Transaction tx, String tenant, List<Node> nodes, String nodeStatement, boolean dropEdges) {
        Map<String, String> refs = new HashMap<>();
        for (int i = 0; i < nodes.size(); i += CHUNK) {
            tx.run(nodeStatement, Map.of("nodes", params(nodes.subList(i, Math.min(nodes.size(), i + CHUNK)))))
                    .forEachRemaining(r -> refs.put(r.get("id").asString(), r.get("ref").asString()));
        }
        List<String> others = new ArrayList<>(nodes.stream().flatMap(n -> n.dependsOn().stream())
                .filter(d -> !refs.containsKey(d)).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
        for (int i = 0; i < others.size(); i += CHUNK) {
            tx.run(FIND_NODES, Map.of("tenant", tenant, "ids", others.subList(i, Math.min(others.size(), i + CHUNK))))
                    .forEachRemaining(r -> refs.put(r.get("id").asString(), r.get("ref").asString()));
        }
        if (dropEdges) {
            List<String> own = nodes.stream().map(n -> refs.get(n.id())).toList();
            for (int i = 0; i < own.size(); i += CHUNK) {
                tx.run(DROP_EDGES, Map.of("refs", own.subList(i, Math.min(own.size(), i + CHUNK)))).consume();
            }
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Node n : nodes) {
            for (String dep : n.dependsOn()) {
                String ref = refs.get(dep);
                if (ref != null) { // a dependency Neo4j lacks can only follow lost rows; a rebuild restores it
                    edges.add(Map.of("task", refs.get(n.id()), "dep", ref));
                }
            }
        }
        for (int i = 0; i < edges.size(); i += CHUNK) {
            tx.run(ADD_EDGES, Map.of("edges", edges.subList(i, Math.min(edges.size(), i + CHUNK)))).consume();
        }
    }

    private static List<Map<String, Object>> params(List<Node> nodes) {
        List<Map<String, Object>> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(n.param());
        }
        return out;
    }

    private static Node node(String tenant, OutboxTask t) {
        Map<String, Object> p = new HashMap<>();
        p.put("status", t.status());
        p.put("label", t.label());
        p.put("business_value", t.businessValue());
        p.put("tokens_plan", t.tokensPlan());
        p.put("tokens_actual", t.tokensActual());
        p.put("purpose_relevance", t.purposeRelevance());
        // null removes the property (SET +=): a cleared role or hold leaves no stale value
        p.put("role", t.role());
        p.put("hold_reason", t.holdReason());
        p.put("created_at", t.createdAt());
        return new Node(tenant, t.id(), p, t.dependsOn());
    }

    private static Map<String, Object> props(GraphRow r) {
        Map<String, Object> p = new HashMap<>();
        p.put("status", r.status().wire());
        p.put("label", r.description());
        p.put("business_value", r.estValue());
        p.put("tokens_plan", r.tokensPlan());
        p.put("tokens_actual", r.tokensActual());
        p.put("purpose_relevance", r.purposeRelevance());
        p.put("role", r.role() == null ? null : r.role().wire());
        p.put("hold_reason", r.holdReason());
        p.put("created_at", r.createdAt().toEpochMilli());
        return p;
    }

    private static GraphRow row(Record r) {
        String role = text(r.get("role"));
        return new GraphRow(r.get("id").asString(), text(r.get("label")),
                TaskStatus.parse(r.get("status").asString()).orElseThrow(),
                number(r.get("value")), number(r.get("plan")), number(r.get("actual")), number(r.get("relevance")),
                role == null ? null : Role.parse(role).orElse(null), text(r.get("hold")),
                Instant.ofEpochMilli(r.get("created").asLong()));
    }

    private static String text(Value v) {
        return v.isNull() ? null : v.asString();
    }

    private static double number(Value v) {
        return v.isNull() ? 0.0 : v.asDouble();
    }
}
