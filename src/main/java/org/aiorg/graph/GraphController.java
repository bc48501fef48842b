package org.aiorg.graph;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import org.aiorg.common.ClientError;
import org.aiorg.task.GraphRow;
import org.aiorg.task.Role;
import org.aiorg.task.TaskReadCache;
import org.aiorg.task.TaskStatus;
import org.aiorg.tenant.TenantId;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Graph", description = "The task dependency graph and its analysis")
class GraphController {

    static final int MAX_DEPTH = 10;

    private final TaskGraphs graphs;
    private final TaskReadCache cache;
    private final JsonMapper json;

    GraphController(TaskGraphs graphs, TaskReadCache cache, JsonMapper json) {
        this.graphs = graphs;
        this.cache = cache;
        this.json = json;
    }

    /**
     * A node in the seed's shape plus analysis: {@code state} is ready, waiting, blocked, doing, done
     * or failed; {@code blocked} and {@code critical} flag blocked tasks and the critical path.
     */
    record Node(String id, String label, String status, double businessValue, double tokensPlan, double tokensActual,
            double purposeRelevance, List<String> dependsOn, Role role, String holdReason, String state, boolean blocked,
            boolean critical) {}

    /** An edge from a dependency ({@code source}) to the task that depends on it ({@code target}). */
    record Edge(String id, String source, String target, boolean critical) {}

    record GraphView(List<Node> nodes, List<Edge> edges) {}

    @GetMapping("/api/graph")
    @Operation(summary = "The tenant's tasks as nodes and their dependencies as edges (the seed's shape plus analysis)",
            description = """
                    Each node carries state (ready, waiting, blocked, doing, done, failed), blocked and critical.
                    The critical path is the chain of unfinished (todo or doing) tasks, each depending on the one
                    before, with the largest sum of tokens_plan; ties go to the longer chain, then to the smaller ids.
                    A task is blocked when it is todo and needs human action: it is held (e.g. budget_exhausted) or
                    a dependency, directly or through other todo tasks, failed.""")
    ResponseEntity<byte[]> graph(TenantId tenant,
            @Parameter(description = "comma-separated statuses to keep (todo, doing, done, failed)") @RequestParam(required = false) String status,
            @Parameter(description = "a task id: keep only its neighbourhood") @RequestParam(required = false) String around,
            @Parameter(description = "with around: how many dependency steps in each direction (1..10)") @RequestParam(defaultValue = "2") int depth,
            WebRequest request) {
        if (depth < 1 || depth > MAX_DEPTH) {
            throw ClientError.invalid("depth", "must be between 1 and " + MAX_DEPTH);
        }
        Set<TaskStatus> statuses = TaskStatus.parseList(status);
        String key = "graph|" + status + "|" + around + "|" + depth;
        TaskReadCache.Entry e = cache.get(tenant, key,
                () -> new TaskReadCache.Rendered(json.writeValueAsBytes(view(graphs.analyse(tenant), statuses, around, depth)), null));
        if (request.checkNotModified(e.etag())) {
            return null;
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    static GraphView view(AnalysedGraph g, Set<TaskStatus> statuses, String around, int depth) {
        GraphSnapshot s = g.snapshot();
        GraphAnalysis a = g.analysis();
        boolean[] keep = new boolean[s.size()];
        if (around != null && !around.isBlank()) {
            int centre = indexOf(s, around);
            if (centre < 0) {
                throw ClientError.notFound("Task", around);
            }
            neighbourhood(s, centre, depth, keep);
        } else {
            java.util.Arrays.fill(keep, true);
        }
        List<GraphRow> rows = g.rows();
        if (!statuses.isEmpty()) {
            for (int i = 0; i < keep.length; i++) {
                keep[i] &= statuses.contains(rows.get(i).status());
            }
        }
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (!keep[i]) {
                continue;
            }
            GraphRow t = rows.get(i);
            List<String> deps = new ArrayList<>(s.dependencyCount(i));
            for (int k = s.depStart(i); k < s.depStart(i + 1); k++) {
                int d = s.dep(k);
                deps.add(s.id(d));
                if (keep[d]) {
                    edges.add(new Edge(s.id(d) + "->" + t.id(), s.id(d), t.id(), a.isCritical(i) && a.isCritical(d)));
                }
            }
            nodes.add(new Node(t.id(), t.description(), t.status().wire(), t.estValue(), t.tokensPlan(), t.tokensActual(),
                    t.purposeRelevance(), deps, t.role(), t.holdReason(), a.state(i).name().toLowerCase(), a.isBlocked(i),
                    a.isCritical(i)));
        }
        return new GraphView(nodes, edges);
    }

    /** Marks the tasks within {@code depth} dependency steps of {@code centre}, both ways. */
    private static void neighbourhood(GraphSnapshot s, int centre, int depth, boolean[] keep) {
        List<List<Integer>> dependants = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            dependants.add(null);
        }
        for (int i = 0; i < s.size(); i++) {
            for (int k = s.depStart(i); k < s.depStart(i + 1); k++) {
                int d = s.dep(k);
                if (dependants.get(d) == null) {
                    dependants.set(d, new ArrayList<>(2));
                }
                dependants.get(d).add(i);
            }
        }
        int[] dist = new int[s.size()];
        java.util.Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[centre] = 0;
        queue.add(centre);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            keep[i] = true;
            if (dist[i] == depth) {
                continue;
            }
            List<Integer> next = new ArrayList<>();
            for (int k = s.depStart(i); k < s.depStart(i + 1); k++) {
                next.add(s.dep(k));
            }
            if (dependants.get(i) != null) {
                next.addAll(dependants.get(i));
            }
            for (int n : next) {
                if (dist[n] < 0) {
                    dist[n] = dist[i] + 1;
                    queue.add(n);
                }
            }
        }
    }

    private static int indexOf(GraphSnapshot s, String id) {
        for (int i = 0; i < s.size(); i++) {
            if (s.id(i).equals(id)) {
                return i;
            }
        }
        return -1;
    }

}
