package org.aiorg.graph;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiorg.task.GraphRow;
import org.aiorg.task.Role;
import org.aiorg.task.TaskReadCache;
import org.aiorg.task.Tasks;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;
import org.aiorg.tenant.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Graph", description = "The task dependency graph")
class GraphController {

    private final GraphSource source;
    private final TaskReadCache cache;
    private final JsonMapper json;

    GraphController(GraphSource source, TaskReadCache cache, JsonMapper json) {
        this.source = source;
        this.cache = cache;
        this.json = json;
    }

    /** A node in the seed's shape, plus role. {@code depends_on} lists ids, empty when none. */
    record Node(String id, String label, String status, double businessValue, double tokensPlan, double tokensActual,
            double purposeRelevance, List<String> dependsOn, Role role, String holdReason) {}

    /** An edge from a dependency ({@code source}) to the task that depends on it ({@code target}). */
    record Edge(String id, String source, String target) {}

    record GraphView(List<Node> nodes, List<Edge> edges) {}

    @GetMapping("/api/graph")
    @Operation(summary = "The tenant's tasks as nodes and their dependencies as edges (the seed's shape)")
    ResponseEntity<byte[]> graph(TenantId tenant, WebRequest request) {
        TaskReadCache.Entry e = cache.get(tenant, "graph", () -> new TaskReadCache.Rendered(json.writeValueAsBytes(view(tenant)), null));
        if (request.checkNotModified(e.etag())) {
            return null;
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    private GraphView view(TenantId tenant) {
        Tasks.Graph g = source.load(tenant);
        Map<String, List<String>> deps = new HashMap<>();
        List<Edge> edges = new ArrayList<>(g.edges().size());
        for (String[] e : g.edges()) {
            deps.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
            edges.add(new Edge(e[1] + "->" + e[0], e[1], e[0]));
        }
        List<Node> nodes = new ArrayList<>(g.tasks().size());
        for (GraphRow t : g.tasks()) {
            nodes.add(new Node(t.id(), t.description(), t.status().wire(), t.estValue(), t.tokensPlan(), t.tokensActual(),
                    t.purposeRelevance(), deps.getOrDefault(t.id(), List.of()), t.role(), t.holdReason()));
        }
        return new GraphView(nodes, edges);
    }
}
