package org.aiorg.orchestrator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.aiorg.graph.AnalysedGraph;
import org.aiorg.graph.BlockReason;
import org.aiorg.graph.GraphAnalysis;
import org.aiorg.graph.GraphSnapshot;
import org.aiorg.graph.TaskGraphs;
import org.aiorg.tenant.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Insights", description = "Blocked tasks, the critical path and alerts")
class InsightsController {

    static final int ALERTS_SHOWN = 50;

    private final TaskGraphs graphs;
    private final Alerts alerts;

    InsightsController(TaskGraphs graphs, Alerts alerts) {
        this.graphs = graphs;
        this.alerts = alerts;
    }

    /** A blocked task: {@code reason} is the hold (e.g. budget_exhausted) or dependency_failed with the failed tasks. */
    record Blocked(String id, String description, String reason, List<String> blockedBy) {}

    record Path(List<String> ids, int length, double tokens) {}

    record Insights(List<Blocked> blocked, int blockedCount, int waitingCount, int readyCount, Path criticalPath,
            List<Alert> alerts, String source) {}

    @GetMapping("/api/insights")
    @Operation(summary = "Blocked tasks with what blocks each, ready and waiting counts, the critical path, recent alerts",
            description = "The critical path is the chain of unfinished tasks with the largest remaining tokens_plan sum (1k-token blocks).")
    Insights insights(TenantId tenant) {
        AnalysedGraph g = graphs.analyse(tenant);
        GraphAnalysis a = g.analysis();
        GraphSnapshot s = g.snapshot();
        List<Blocked> blocked = new ArrayList<>();
        for (int i : a.blockedTasks()) {
            List<String> by = new ArrayList<>();
            for (int b : a.blockedBy(i)) {
                by.add(s.id(b));
            }
            String reason = a.blockReason(i) == BlockReason.HELD ? g.rows().get(i).holdReason() : "dependency_failed";
            blocked.add(new Blocked(s.id(i), g.rows().get(i).description(), reason == null ? "held" : reason, by));
        }
        return new Insights(blocked, a.blockedCount(), a.waitingCount(), a.readyCount(),
                new Path(a.criticalPathIds(), a.criticalPath().length(), a.criticalPath().tokens()),
                alerts.recent(tenant, ALERTS_SHOWN), graphs.sourceName());
    }
}
